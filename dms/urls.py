"""The staff workspace of a UAT (``/birou/``): cases, registry, archive, departments.

Each package keeps its routes in its own ``urls.py``; all share the ``dms`` namespace.
"""

from django.urls import include, path

app_name = "dms"

urlpatterns = [
    path("dosare/", include("dms.cases.urls")),
    path("registratura/", include("dms.registry.urls")),
    path("arhiva/", include("dms.archive.urls")),
    path("compartimente/", include("dms.departments.urls")),
]
