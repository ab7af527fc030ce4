from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import PrincipalSerializer, TokenRequestSerializer, TokenSerializer
from accounts.principals import principal_of


class MeView(APIView):
    """Your role and organisation, as the platform resolved them from your membership."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PrincipalSerializer)
    def get(self, request):
        principal = principal_of(request.user)
        return Response(PrincipalSerializer({**asdict(principal), "username": request.user.get_username()}).data)


class TokenView(APIView):
    """API tokens: POST a username and password for your token; DELETE it to sign every client out."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response(TokenSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
