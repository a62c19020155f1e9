"""Session authentication for the API under the staff pages' second-factor rule. (A module of its
own: DRF imports the authentication classes while it loads its views.)"""

from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied


class OTPSessionAuthentication(SessionAuthentication):
    """A logged-in session may use the API only once it satisfies the second-factor rule that
    the staff pages apply (council.staff.accounts.second_factor_problem)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        from council.staff.accounts import second_factor_problem

        verified = getattr(request._request.user, "is_verified", lambda: False)()
        problem = second_factor_problem(result[0], verified=verified)
        if problem is not None:
            raise PermissionDenied(problem)
        return result
