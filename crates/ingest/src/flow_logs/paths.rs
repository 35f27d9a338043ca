//! Which files to read (a directory walked recursively, either S3 key layout) and the region a path names.

use std::path::{Path, PathBuf};

use super::FlowLogError;
use crate::pricing::fetch::is_region_code;

/// File names AWS gives flow logs: `….log.gz` (text), `….log`, `….parquet` (also `….gz.parquet`).
pub(crate) fn is_flow_log_name(name: &str) -> bool {
    name.ends_with(".log.gz") || name.ends_with(".log") || name.ends_with(".parquet")
}

/// The region a path names: the file name `{account}_vpcflowlogs_{region}_{flow-log-id}_{time}_{hash}…`,
/// a Hive-style `aws-region={region}` folder, or the folder after `vpcflowlogs/` (`AWSLogs/{account}/
/// vpcflowlogs/{region}/{yyyy}/…`).
pub(crate) fn region_from_path(path: &Path) -> Option<String> {
    if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
        let parts: Vec<&str> = name.split('_').collect();
        if parts.len() >= 3 && parts[1] == "vpcflowlogs" && is_region_code(parts[2]) {
            return Some(parts[2].to_owned());
        }
    }
    let comps: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    for (i, c) in comps.iter().enumerate() {
        if let Some(r) = c.strip_prefix("aws-region=")
            && is_region_code(r)
        {
            return Some(r.to_owned());
        }
        if *c == "vpcflowlogs"
            && let Some(next) = comps.get(i + 1).filter(|n| is_region_code(n))
        {
            return Some((*next).to_owned());
        }
    }
    None
}

/// The files to read, in a stable order: a file given by name is read whatever its name; a directory
/// is walked recursively for flow-log names, and the other files in it are counted, not read.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, u64), FlowLogError> {
    let mut files = Vec::new();
    let mut ignored = 0;
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| FlowLogError::Io {
            file: p.display().to_string(),
            source,
        })?;
        if meta.is_dir() {
            walk(p, &mut files, &mut ignored)?;
        } else {
            files.push(p.clone());
        }
    }
    Ok((files, ignored))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, ignored: &mut u64) -> Result<(), FlowLogError> {
    let io = |source| FlowLogError::Io {
        file: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let meta = std::fs::metadata(&path).map_err(|source| FlowLogError::Io {
            file: path.display().to_string(),
            source,
        })?;
        if meta.is_dir() {
            walk(&path, files, ignored)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_flow_log_name)
        {
            files.push(path);
        } else {
            *ignored += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_both_layouts() {
        let plain = Path::new(
            "b/AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/01/02/123456789012_vpcflowlogs_eu-west-1_fl-0abc_20260102T0005Z_1a2b3c4d.log.gz",
        );
        assert_eq!(region_from_path(plain).as_deref(), Some("eu-west-1"));
        let hive = Path::new(
            "b/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-gov-west-1/year=2026/month=01/day=02/x.parquet",
        );
        assert_eq!(region_from_path(hive).as_deref(), Some("us-gov-west-1"));
        let folder = Path::new("AWSLogs/1/vpcflowlogs/ap-southeast-2/2026/01/02/a.log");
        assert_eq!(region_from_path(folder).as_deref(), Some("ap-southeast-2"));
        assert_eq!(region_from_path(Path::new("logs/a.log.gz")), None);
        assert!(!is_region_code("2026"));
        assert!(!is_region_code("eu-west"));
    }

    #[test]
    fn names() {
        for n in ["a.log.gz", "a.log", "a.parquet", "a.gz.parquet"] {
            assert!(is_flow_log_name(n), "{n}");
        }
        for n in ["a.txt", "a.gz", "manifest.json"] {
            assert!(!is_flow_log_name(n), "{n}");
        }
    }
}
