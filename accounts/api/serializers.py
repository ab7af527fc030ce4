from rest_framework import serializers

from accounts.choices import Role
from accounts.models import Notification


class PrincipalSerializer(serializers.Serializer):
    """Who you are to the platform: your role and the organisation you act for."""

    user_id = serializers.IntegerField()
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    college_id = serializers.IntegerField(allow_null=True)
    enterprise_id = serializers.IntegerField(allow_null=True)
    city_id = serializers.IntegerField(allow_null=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as the header `Authorization: Token <token>`.")


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields
