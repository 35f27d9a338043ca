"""Schemathesis hooks for egress-planner.

JSON Schema cannot state a few rules of a scenario, so generated *valid*
requests that break them are answered 422 (correctly) and would read as
"valid data rejected". This filter keeps such requests out of the generated
valid data only (a `filter_case` hook, which applies in every phase); the
rules themselves are covered by the Rust test suite:

- s3_percent + aws_percent must be at most 100;
- with per-service traffic (`services`), aws_percent and
  interface_endpoints must not be given, and the services' GB plus the S3 GB
  may not exceed monthly_gb;
- `survive_az_loss` needs at least 2 AZs;
- a named NAT instance type must be priced in the region (every type is, in
  the default region us-east-1; elsewhere only `auto` is sure to be);
- a sweep's `from` and `to` must be in the varied field's own range, the
  varied field must not be given as well, and the scenario at both ends must
  keep the rules above (they are linear between).
"""

import re
from decimal import Decimal, InvalidOperation

import schemathesis

# The number grammar of text values: spaces, thousands separators, a unit.
_NUMBER = re.compile(r"^[ \t]*([0-9][0-9,]*(?:\.[0-9]+)?)")


def _number(value):
    """A field's value as a Decimal, read as the server reads it (None: not a number)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            return Decimal(str(value))
        except (InvalidOperation, ValueError):
            return None
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if not match:
            return None
        try:
            return Decimal(match.group(1).replace(",", ""))
        except (InvalidOperation, ValueError):
            return None
    return None


def _fits(data):
    if not isinstance(data, dict):
        return True
    s3 = _number(data.get("s3_percent", 0))
    aws = _number(data.get("aws_percent", 0))
    if s3 is not None and aws is not None and s3 + aws > 100:
        return False
    services = data.get("services")
    if services is not None:
        if "aws_percent" in data or "interface_endpoints" in data:
            return False
        if isinstance(services, dict):
            monthly = _number(data.get("monthly_gb", 1000))
            gbs = [_number(v) for v in services.values()]
            if monthly is not None and s3 is not None and all(g is not None for g in gbs):
                if sum(gbs) + monthly * s3 / 100 > monthly:
                    return False
    # Surviving the loss of one AZ needs at least two.
    if str(data.get("survive_az_loss", "false")).lower() == "true" and str(data.get("azs", 2)).strip() == "1":
        return False
    kind = data.get("nat_instance_type", "auto")
    if kind not in ("auto", "", None) and data.get("region", "us-east-1") != "us-east-1":
        return False
    return True


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
    if not isinstance(query, dict) or "vary" not in query:
        return True
    vary = query.get("vary")
    # A repeated parameter arrives as a list: the server refuses it, nothing to filter.
    if not isinstance(vary, str) or vary not in _DECIMAL_MAX:
        return True
    if vary in query:
        # The varied field comes from the sweep; giving it too is refused.
        return False
    for end in ("from", "to"):
        value = _number(query.get(end))
        if value is None:
            return True
        if value > _DECIMAL_MAX[vary]:
            return False
        point = {k: v for k, v in query.items() if k not in ("vary", "from", "to", "steps", "format")}
        point[vary] = query[end]
        if not _fits(point):
            return False
    return True


@schemathesis.hook
def filter_case(ctx, case):
    return _fits(case.body) and _fits(case.query) and _sweep_fits(case.query)
