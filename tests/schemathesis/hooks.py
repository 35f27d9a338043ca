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


def _services_fit(data):
    """Per-service traffic excludes aws_percent and interface_endpoints and
    must fit in what S3 leaves of monthly_gb: rules JSON Schema cannot state."""
    if not isinstance(data, dict) or "services" not in data:
        return True
    if "aws_percent" in data or "interface_endpoints" in data:
        return False
    services = data["services"]
    if not isinstance(services, dict):
        return True
    total = sum((_share(v) or Decimal(0)) for v in services.values())
    monthly = _share(data.get("monthly_gb", 1000)) or Decimal(0)
    s3 = _share(data.get("s3_percent", 0)) or Decimal(0)
    return total + monthly * s3 / 100 <= monthly


def _instance_type_priced(data):
    """A named NAT instance type must be priced in the region (every type is
    in us-east-1, the default); auto is priced everywhere."""
    if not isinstance(data, dict):
        return True
    kind = data.get("nat_instance_type", "auto")
    return kind in ("auto", "") or data.get("region", "us-east-1") == "us-east-1"


@schemathesis.hook("filter_body")
def services_and_types_fit(ctx, body):
    return _services_fit(body) and _instance_type_priced(body)


@schemathesis.hook("filter_query")
def types_fit(ctx, query):
    return _instance_type_priced(query)


# The largest value of each decimal field (src/scenario/fields.rs).
_DECIMAL_MAX = {
    "monthly_gb": Decimal(1_000_000_000),
    "s3_percent": Decimal(100),
    "aws_percent": Decimal(100),
    "ipv6_percent": Decimal(100),
    "outbound_percent": Decimal(100),
    "peak_gbps": Decimal(100_000),
}


def _sweep_fits(query):
    """GET /api/v1/sweep documents from and to with the widest decimal
    pattern, but each must be in the varied field's own range, and every
    point of the sweep must be a valid scenario (s3 + aws at most 100 at both
    ends; the sum is linear in between): rules JSON Schema cannot state."""
    if not isinstance(query, dict) or "vary" not in query:
        return True
    vary = query.get("vary")
    if vary not in _DECIMAL_MAX:
        return True
    for end in ("from", "to"):
        value = _share(query.get(end))
        if value is None:
            return True
        if value > _DECIMAL_MAX[vary]:
            return False
        point = dict(query)
        point[vary] = query[end]
        if not _within_100(point):
            return False
    return True


@schemathesis.hook("filter_query")
def sweep_fits(ctx, query):
    return _sweep_fits(query)
