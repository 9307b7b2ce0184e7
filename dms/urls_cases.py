"""Routes of the cases area (names in the ``dms`` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
