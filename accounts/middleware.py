from django.utils import translation


class UserLanguageMiddleware:
    """Show a signed-in user's pages in the language they chose (``User.language``), on any browser; before they
    choose, and for a visitor not signed in, LocaleMiddleware's choice stands (the switcher's cookie, else the
    browser's Accept-Language, else LANGUAGE_CODE). Placed after LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
