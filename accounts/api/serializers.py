from django.conf import settings
from rest_framework import serializers

from accounts.choices import EmailDelivery, NotificationKind, Role
from accounts.models import Notification
from common.links import api_link


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
    link = serializers.SerializerMethodField(help_text="The API path of what it is about.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at", "email_status", "emailed_at"]
        read_only_fields = fields

    def get_link(self, notification) -> str:
        return api_link(notification.subject_model, notification.subject_id)


class NotificationPreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    delivery = serializers.ChoiceField(
        choices=EmailDelivery.choices,
        help_text="`immediately`: an email as it happens; `daily`: in one email a day; `never`: only in the app.",
    )


class NotificationPreferencesSerializer(serializers.Serializer):
    preferences = NotificationPreferenceSerializer(many=True, help_text="One per kind; a PUT may name only some.")

    def validate_preferences(self, preferences):
        kinds = [preference["kind"] for preference in preferences]
        if len(set(kinds)) != len(kinds):
            raise serializers.ValidationError("Name each kind once.")
        return preferences


class LanguageSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        allow_blank=True,
        help_text="Your pages' and emails' language; empty (in a GET) until you choose one: the pages then follow "
        "the browser and the emails the platform's default.",
    )
