//! Writes realistic VPC flow logs for the benchmark: a generated ip-ranges file, a describe-nat-gateways
//! JSON, and gzip text files (default v2 header) in AWS's S3 key layout, each ≤ 75 MB uncompressed.
//!
//! `cargo run --release -p egress-ingest --example flowlogs_gen -- OUT_DIR MEGABYTES`
//! Traffic mix: NAT outside legs to S3, AWS APIs and the internet in both directions, the matching
//! inside legs from task ENIs, private task-to-task traffic, and a NODATA record now and then.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "111122223333";
const FILE_BYTES: u64 = 75_000_000;
const T0: u64 = 1_767_312_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn write_ranges(out: &Path) -> std::io::Result<()> {
    let mut f = BufWriter::new(File::create(out.join("ip-ranges.json"))?);
    write!(
        f,
        r#"{{"syncToken":"1","createDate":"2026-01-01-00-00-00","prefixes":["#
    )?;
    let mut first = true;
    let mut entry = |f: &mut BufWriter<File>,
                     prefix: String,
                     region: &str,
                     service: &str|
     -> std::io::Result<()> {
        if !first {
            write!(f, ",")?;
        }
        first = false;
        write!(
            f,
            r#"{{"ip_prefix":"{prefix}","region":"{region}","service":"{service}","network_border_group":"{region}"}}"#
        )
    };
    // A few thousand prefixes, like the real file: S3 and AMAZON in several regions, EC2 blocks.
    let regions = [
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "ap-southeast-2",
        "eu-central-1",
    ];
    for (r, region) in regions.iter().enumerate() {
        for i in 0..64u32 {
            let p = format!("52.{}.{}.0/24", 200 + r as u32, i);
            entry(&mut f, p.clone(), region, "AMAZON")?;
            entry(&mut f, p, region, "S3")?;
        }
        for i in 0..256u32 {
            let p = format!("3.{}.{}.0/24", 10 + r as u32, i);
            entry(&mut f, p, region, "AMAZON")?;
        }
        for i in 0..512u32 {
            let p = format!("{}.{}.0.0/16", 34 + r as u32, i % 256);
            if i < 256 {
                entry(&mut f, p.clone(), region, "AMAZON")?;
                entry(&mut f, p, region, "EC2")?;
            }
        }
    }
    write!(
        f,
        r#"],"ipv6_prefixes":[{{"ipv6_prefix":"2600:1f18::/33","region":"us-east-1","service":"AMAZON","network_border_group":"us-east-1"}}]}}"#
    )?;
    f.flush()
}

fn write_nat(out: &Path) -> std::io::Result<()> {
    fs::write(
        out.join("nat.json"),
        r#"{"NatGateways":[
  {"NatGatewayId":"nat-0a","SubnetId":"subnet-a","ConnectivityType":"public","State":"available",
   "NatGatewayAddresses":[{"NetworkInterfaceId":"eni-0nat0a","PrivateIp":"10.0.0.10","PublicIp":"198.51.100.10"}]},
  {"NatGatewayId":"nat-0b","SubnetId":"subnet-b","ConnectivityType":"public","State":"available",
   "NatGatewayAddresses":[{"NetworkInterfaceId":"eni-0nat0b","PrivateIp":"10.0.128.10","PublicIp":"198.51.100.20"}]}]}"#,
    )
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: flowlogs_gen OUT_DIR MEGABYTES (uncompressed)");
        std::process::exit(2);
    }
    let out = Path::new(&args[1]);
    let total: u64 = args[2].parse::<u64>().expect("MEGABYTES is a number") * 1_000_000;
    fs::create_dir_all(out)?;
    write_ranges(out)?;
    write_nat(out)?;
    let dir = out.join(format!("AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/2026/01/02"));
    fs::create_dir_all(&dir)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut written, mut records, mut file_no) = (0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(256);
    while written < total {
        let name = format!(
            "{ACCOUNT}_vpcflowlogs_{REGION}_fl-0123456789abcdef0_20260102T{:02}{:02}Z_{file_no:08x}.log.gz",
            (file_no / 12) % 24,
            (file_no % 12) * 5
        );
        let mut gz = GzEncoder::new(
            BufWriter::new(File::create(dir.join(name))?),
            Compression::fast(),
        );
        let header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
        gz.write_all(header.as_bytes())?;
        let mut in_file = header.len() as u64;
        // Each file covers 5 minutes; records span one minute (Nitro aggregation) or ten.
        let base = T0 + file_no * 300;
        while in_file < FILE_BYTES && written + in_file < total {
            line.clear();
            let (nat, nat_eni) = if rng.below(2) == 0 {
                ("10.0.0.10", "eni-0nat0a")
            } else {
                ("10.0.128.10", "eni-0nat0b")
            };
            let task = format!("10.0.{}.{}", 1 + rng.below(120), 1 + rng.below(250));
            let remote = match rng.below(10) {
                0..=3 => format!("52.200.{}.{}", rng.below(64), rng.below(256)),
                4..=5 => format!("3.10.{}.{}", rng.below(256), rng.below(256)),
                6 => format!("52.202.{}.{}", rng.below(64), rng.below(256)),
                _ => format!(
                    "{}.{}.{}.{}",
                    80 + rng.below(100),
                    rng.below(256),
                    rng.below(256),
                    1 + rng.below(254)
                ),
            };
            let start = base + rng.below(240);
            let end = start + if rng.below(4) == 0 { 600 } else { 60 };
            let bytes = 40 + rng.below(2_000_000);
            let packets = 1 + bytes / 1200;
            let (sport, dport) = (
                1024 + rng.below(60000),
                [443, 443, 443, 80, 5432][rng.below(5) as usize],
            );
            match rng.below(20) {
                0 => writeln!(
                    line,
                    "2 {ACCOUNT} {nat_eni} - - - - - - - {start} {end} - NODATA"
                )?,
                1..=5 => writeln!(
                    line,
                    "2 {ACCOUNT} {nat_eni} {nat} {remote} {sport} {dport} 6 {packets} {bytes} {start} {end} ACCEPT OK"
                )?,
                6..=10 => writeln!(
                    line,
                    "2 {ACCOUNT} {nat_eni} {remote} {nat} {dport} {sport} 6 {packets} {bytes} {start} {end} ACCEPT OK"
                )?,
                11..=16 => writeln!(
                    line,
                    "2 {ACCOUNT} {nat_eni} {task} {nat} {sport} {dport} 6 {packets} {bytes} {start} {end} ACCEPT OK"
                )?,
                _ => writeln!(
                    line,
                    "2 {ACCOUNT} eni-0task{:04x} {task} 10.0.200.{} {sport} 5432 6 {packets} {bytes} {start} {end} ACCEPT OK",
                    rng.below(4096),
                    1 + rng.below(250)
                )?,
            }
            gz.write_all(&line)?;
            in_file += line.len() as u64;
            records += 1;
        }
        gz.finish()?.flush()?;
        written += in_file;
        file_no += 1;
    }
    println!(
        "wrote {file_no} files, {records} records, {written} bytes uncompressed in {}",
        out.display()
    );
    Ok(())
}
