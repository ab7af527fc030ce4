"""The project's URLconf with a detail page for colleges, as the pages of the next issue will register them
(``<app_label>:<model_name>_detail``), to show where a notification links in a page context."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

college_pages = ([path("<int:pk>/", lambda request, pk: HttpResponse(), name="college_detail")], "colleges")

urlpatterns = [*project_urlpatterns, path("colleges/", include(college_pages))]
