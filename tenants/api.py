"""Read-only API: the county directory of UATs."""

from __future__ import annotations

from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from . import selectors
from .models import UAT


class UATDirectoryApi(generics.ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        primary_domain = serializers.CharField()

        class Meta:
            model = UAT
            fields = [
                "slug",
                "official_name",
                "short_name",
                "kind",
                "siruta",
                "status",
                "primary_domain",
                "contact_email",
                "website",
            ]

    serializer_class = OutputSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.uat_directory()
