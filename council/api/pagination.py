from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from workflows.text import whole_number


class ItemPagination(PageNumberPagination):
    """`page` and `page_size` (default 50, at most 500), as CONTRACT.md says. A page size out of
    range is an error, not silently changed."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def check_parameters(self, request) -> None:
        """`page` and `page_size` given once each, as whole numbers; checked also where they do
        not apply (the CSV export is the whole list), so that a wrong one is never silent."""
        errors = {}
        for name in (self.page_query_param, self.page_size_query_param):
            values = request.query_params.getlist(name)
            if len(values) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif values:
                value = values[0]
                if name == self.page_size_query_param:
                    if whole_number(value) is None or not 1 <= int(value) <= self.max_page_size:
                        errors[name] = [_("A whole number from 1 to 500.")]
                elif whole_number(value) is None or int(value) < 1:
                    errors[name] = [_("A whole number, 1 or more.")]
        if errors:
            raise ValidationError(errors)

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if whole_number(value) is None or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [_("A whole number from 1 to 500.")]}
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
