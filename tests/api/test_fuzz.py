"""Schemathesis against the published OpenAPI schema: generated GET requests to every public
endpoint never get a 500 and always get a body that conforms to the schema. Bounded, for CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from program.models import ItemStatus


@pytest.fixture
def api_schema(db, make_item, bring_to, council_decision):
    bring_to(make_item(), ItemStatus.PUBLISHED)
    bring_to(make_item(), ItemStatus.DRAFT)
    # Like Django's test client: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def get_operations(schema):
    operations = []
    for result in schema.include(method="GET").get_all_operations():
        operations.append(result.ok())
    return operations


def test_get_endpoints_conform_to_the_schema(api_schema):
    operations = get_operations(api_schema)
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            # Unknown slugs and codes are refused (400) by design: which ones exist is data,
            # not schema, so "positive data acceptance" does not apply.
            case.call_and_validate(
                headers={"Accept-Language": "en"}, excluded_checks=[positive_data_acceptance]
            )

        check()
