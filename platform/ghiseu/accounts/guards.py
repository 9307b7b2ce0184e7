"""One door for every staff page of a UAT: the county site has none of them (404), anonymous
visitors sign in first, and signed-in users the page is not for get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from .models import Role, User

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def uat_staff_page(allowed: Callable[[Any], bool]) -> Callable[[V], V]:
    """Decorate a view of a UAT's staff area; ``allowed(user)`` says who may open it."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request, "tenant", None) is None:
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def signed_in_user(request: HttpRequest) -> User:
    """The user of a page behind ``uat_staff_page``: signed in by then, so never anonymous."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def has_role(*roles: str) -> Callable[[Any], bool]:
    return lambda user: getattr(user, "role", None) in roles


uat_admin_only = uat_staff_page(has_role(Role.UAT_ADMIN))


def county_admin_page(view: V) -> V:
    """Decorate a page of the county console: it exists only on the county site (404
    elsewhere), for county administrators (403 for anyone else)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request, "tenant", None) is not None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "role", None) != Role.COUNTY_ADMIN:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
