#!/usr/bin/env python3
"""Writes N random valid scenarios as NDJSON (one JSON object per line) for
bench/batch.sh. Valid means the API answers each with a comparison: shares
within their ranges and s3 + aws at most 100, NAT counts within the AZs or
above them, per-service traffic (one scenario in ten) within what S3 leaves.
Usage: bench/scenarios.py N REGION [REGION ...]   (seeded: the same file every run)
"""

import json
import random
import sys

SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "sts", "kms", "sqs"]


def decimal(low, high, places=2):
    return f"{random.uniform(low, high):.{places}f}"


def scenario(regions):
    s3 = random.randint(0, 80)
    azs = random.randint(1, 6)
    out = {
        "region": random.choice(regions),
        "monthly_gb": decimal(0, 500_000),
        "s3_percent": str(s3),
        "ipv6_percent": str(random.choice([0, 0, 10, 40])),
        "outbound_percent": str(random.randint(0, 100)),
        "azs": azs,
        "nat_gateways": random.randint(1, azs),
        "public_ips": random.randint(0, 200),
        "peak_gbps": decimal(0, 60),
        "dto_free_tier": random.random() < 0.2,
    }
    if random.random() < 0.1:
        left = float(out["monthly_gb"]) * (100 - s3) / 100
        chosen = random.sample(SERVICES, random.randint(1, 4))
        out["services"] = {name: f"{left / 8 * random.random():.2f}" for name in chosen}
    else:
        out["aws_percent"] = str(random.randint(0, 100 - s3))
        out["interface_endpoints"] = random.randint(0, 8)
    return out


def main():
    count, regions = int(sys.argv[1]), sys.argv[2:]
    random.seed(16)
    write = sys.stdout.write
    for _ in range(count):
        write(json.dumps(scenario(regions), separators=(",", ":")))
        write("\n")


if __name__ == "__main__":
    main()
