"""API conventions: errors as stable codes with a localized message, bounded pagination."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is not None:
        code = getattr(exc, "default_code", "error")
        detail = response.data
        response.data = {"code": code, "detail": detail}
    return response


class InvalidPagination(exceptions.APIException):
    status_code = 400
    default_code = "invalid_pagination"


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``limit`` and ``offset`` as DRF reads them, but validated and bounded: DRF takes any
    integer for ``offset`` (one past bigint is a database error) and quietly replaces a bad
    ``limit`` by the default, so a caller never learns that it asked for something else."""

    max_limit = 500
    max_offset = 1_000_000

    def get_limit(self, request: Request) -> int:
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self._bounded(request, self.offset_query_param, 0, self.max_offset, 0)

    @staticmethod
    def _bounded(request: Request, name: str, low: int, high: int, default: int | None) -> int:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return int(default or 0)
        digits = raw.isascii() and raw.isdigit() and len(raw) <= len(str(high))
        if not digits or not low <= int(raw) <= high:
            raise InvalidPagination(
                _("Parametrul „%(name)s” trebuie să fie un număr întreg între %(low)s și %(high)s.")
                % {"name": name, "low": low, "high": high}
            )
        return int(raw)
