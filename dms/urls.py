"""The staff workspace of a UAT (``/birou/``): cases, registry, archive, departments.

Each area keeps its routes in its own module; all share the ``dms`` namespace.
"""

from django.urls import include, path

app_name = "dms"

urlpatterns = [
    path("dosare/", include("dms.urls_cases")),
    path("registratura/", include("dms.urls_registry")),
    path("arhiva/", include("dms.urls_archive")),
    path("compartimente/", include("dms.urls_departments")),
]
