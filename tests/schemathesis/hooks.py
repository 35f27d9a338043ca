"""Schemathesis hooks for egress-planner.

JSON Schema cannot state one rule of the scenario: s3_percent + aws_percent
must be at most 100. Generated *valid* requests that break it are answered
422 (field aws_percent), which is correct but would read as "valid data
rejected". This filter keeps such requests out of the generated valid data
only; invalid data is generated and checked as usual, and the rule itself is
covered by the Rust test suite.
"""

from decimal import Decimal, InvalidOperation

import schemathesis


def _share(value):
    # Decimal, not float: 100 + 2.2e-16 must not round back to 100.
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _within_100(data):
    if not isinstance(data, dict):
        return True
    s3 = _share(data.get("s3_percent", 0))
    aws = _share(data.get("aws_percent", 0))
    if s3 is None or aws is None:
        return True
    return s3 + aws <= 100


@schemathesis.hook
def filter_query(ctx, query):
    return _within_100(query)


@schemathesis.hook
def filter_body(ctx, body):
    return _within_100(body)
