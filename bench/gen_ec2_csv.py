#!/usr/bin/env python3
"""Writes an AmazonEC2 region offer file in AWS's real CSV format, of about
SIZE_MB megabytes: the five metadata rows, the real header (bench/ec2_header.txt,
91 columns), then mostly decoy Compute Instance rows (other instance types,
other operating systems, reserved terms, quoted descriptions with commas), with
the rows `pricing import` keeps (NAT gateway, t4g Linux on-demand, gp3) spread
through the file. Usage: gen_ec2_csv.py OUT_FILE [SIZE_MB]"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = open(os.path.join(HERE, "ec2_header.txt")).read().strip()
COLUMNS = [c.strip('"') for c in HEADER.split('","')]
INDEX = {c: i for i, c in enumerate(COLUMNS)}

REGION = ("eu-west-2", "EUW2", "Europe (London)")


def row(values):
    cells = [""] * len(COLUMNS)
    for key, value in values.items():
        cells[INDEX[key]] = value
    return ",".join('"%s"' % c.replace('"', '""') if c != "" else "" for c in cells) + "\n"


def compute(sku, rate, term, otc, itype, os_name, tenancy, price, sw="NA", cap="Used"):
    code, prefix, location = REGION
    usage = "%s-BoxUsage:%s" % (prefix, itype) if tenancy == "Shared" else "%s-DedicatedUsage:%s" % (prefix, itype)
    return row({
        "SKU": sku, "OfferTermCode": otc, "RateCode": "%s.%s.%s" % (sku, otc, rate), "TermType": term,
        "PriceDescription": "%s (Amazon VPC), %s instance, shared tenancy, on demand" % (os_name, itype),
        "EffectiveDate": "2026-09-01", "StartingRange": "0", "EndingRange": "Inf", "Unit": "Hrs",
        "PricePerUnit": price, "Currency": "USD", "LeaseContractLength": "1yr" if term == "Reserved" else "",
        "PurchaseOption": "No Upfront" if term == "Reserved" else "", "OfferingClass": "standard" if term == "Reserved" else "",
        "Product Family": "Compute Instance", "serviceCode": "AmazonEC2", "Location": location,
        "Location Type": "AWS Region", "Instance Type": itype, "Current Generation": "Yes",
        "Instance Family": "General purpose", "vCPU": "4", "Physical Processor": "Intel Xeon 8375C (Ice Lake)",
        "Clock Speed": "3.5 GHz", "Memory": "16 GiB", "Storage": "EBS only",
        "Network Performance": "Up to 12500 Megabit", "Processor Architecture": "64-bit", "Tenancy": tenancy,
        "EBS Optimized": "Yes", "Operating System": os_name, "License Model": "No License required",
        "usageType": usage, "operation": "RunInstances" if os_name == "Linux" else "RunInstances:0002",
        "AvailabilityZone": "NA", "CapacityStatus": cap, "ClassicNetworkingSupport": "false",
        "Dedicated EBS Throughput": "Up to 10000 Mbps", "ECU": "NA", "Enhanced Networking Supported": "Yes",
        "GPU Memory": "NA", "instanceSKU": sku[:-1] + "Q", "Intel AVX2 Available": "Yes",
        "Intel AVX Available": "Yes", "Intel Turbo Available": "Yes", "MarketOption": "OnDemand",
        "Normalization Size Factor": "4", "Physical Cores": "2", "Pre Installed S/W": sw,
        "Processor Features": "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", "Region Code": code,
        "serviceName": "Amazon Elastic Compute Cloud", "VPCNetworkingSupport": "true",
    })


def keepers():
    code, prefix, location = REGION
    common = {"serviceCode": "AmazonEC2", "Location": location, "Location Type": "AWS Region",
              "Region Code": code, "serviceName": "Amazon Elastic Compute Cloud", "OfferTermCode": "JRTCKXETXF",
              "TermType": "OnDemand", "EffectiveDate": "2026-08-01", "StartingRange": "0", "EndingRange": "Inf",
              "Currency": "USD"}
    out = []
    for sku, usage, op, unit, price in [
        ("D8BXG95NJW6MV3B3", "NatGateway-Hours", "NatGateway", "Hrs", "0.0500000000"),
        ("ZECE57EY4F96YNAQ", "NatGateway-Bytes", "NatGateway", "GB", "0.0500000000"),
        ("7YHFNHKKMV3Y57SX", "RegionalNatGateway-Hours", "RegionalNatGateway", "Hrs", "0.0500000000"),
        ("RNGWBYTESEUW2001", "RegionalNatGateway-Bytes", "RegionalNatGateway", "GB", "0.0500000000"),
    ]:
        out.append(row(dict(common, **{"SKU": sku, "RateCode": sku + ".JRTCKXETXF.6YS6EN2CT7", "Unit": unit,
                                       "PricePerUnit": price, "Product Family": "NAT Gateway",
                                       "PriceDescription": "$0.05 per NAT Gateway unit, %s" % location,
                                       "usageType": "%s-%s" % (prefix, usage), "operation": op})))
    out.append(row(dict(common, **{"SKU": "GP3EUW2000000001", "RateCode": "GP3EUW2000000001.JRTCKXETXF.6YS6EN2CT7",
                                   "Unit": "GB-Mo", "PricePerUnit": "0.0928000000", "Product Family": "Storage",
                                   "Volume API Name": "gp3", "usageType": prefix + "-EBS:VolumeUsage.gp3",
                                   "PriceDescription": "$0.0928 per GB-month of General Purpose (gp3) provisioned storage"})))
    for i, itype in enumerate(["t4g.nano", "t4g.micro", "t4g.small", "t4g.medium"]):
        out.append(compute("T4G%013d" % i, "6YS6EN2CT7", "OnDemand", "JRTCKXETXF", itype, "Linux", "Shared",
                           "%.10f" % (0.0048 * 2 ** i)))
    return out


def main():
    out_path = sys.argv[1]
    size = int(float(sys.argv[2] if len(sys.argv) > 2 else "1024") * 1_000_000)
    keep = keepers()
    types = ["m6i.%s" % s for s in ("large", "xlarge", "2xlarge", "4xlarge")] + ["c7g.large", "r7i.xlarge", "t4g.nano"]
    with open(out_path, "w", buffering=1 << 22) as f:
        f.write('"FormatVersion","v1.0"\n')
        f.write('"Disclaimer","This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/"\n')
        f.write('"Publication Date","2026-09-04T23:11:17Z"\n"Version","20260904231117"\n"OfferCode","AmazonEC2"\n')
        f.write(HEADER + "\n")
        written = f.tell()
        n = 0
        # A block of decoys: each has a new SKU, so they are built per block
        # from templates and the SKU spliced in (fast enough for 1 GB).
        templates = []
        for t in types:
            templates.append(compute("SKUSKUSKUSKUSKU0", "6YS6EN2CT7", "OnDemand", "JRTCKXETXF", t, "Windows", "Shared", "0.1920000000"))
            templates.append(compute("SKUSKUSKUSKUSKU0", "6YS6EN2CT7", "Reserved", "4NA7Y494T4", t, "Linux", "Shared", "0.0610000000"))
            templates.append(compute("SKUSKUSKUSKUSKU0", "6YS6EN2CT7", "OnDemand", "JRTCKXETXF", t, "Linux", "Dedicated", "0.2110000000"))
            templates.append(compute("SKUSKUSKUSKUSKU0", "6YS6EN2CT7", "OnDemand", "JRTCKXETXF", t, "Linux", "Shared", "0.1110000000", sw="SQL Web"))
        k = 0
        while written < size:
            block = []
            for tpl in templates:
                block.append(tpl.replace("SKUSKUSKUSKUSKU0", "D%015d" % n))
                n += 1
            text = "".join(block)
            f.write(text)
            written += len(text)
            # The rows that matter, spread through the file.
            if k < len(keep) and written > (k + 1) * size / (len(keep) + 1):
                f.write(keep[k])
                k += 1
        for line in keep[k:]:
            f.write(line)
    print("%s: %d decoy rows, %d kept rows, %.1f MB" % (out_path, n, len(keep), os.path.getsize(out_path) / 1e6))


if __name__ == "__main__":
    main()
