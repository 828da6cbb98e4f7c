//! The app's routes live in the URL fragment, so every page is a link that works offline and
//! nothing about a search is sent to a server:
//!
//! - `#/` or `#/?q=heart+attack&system=icd10`: search (the query and filter are optional);
//! - `#/code/icd10/I21.4`: one code;
//! - `#/browse/icd10`, `#/browse/opcs4/W`: a classification's chapters, or the children of one entry;
//! - `#/about`: data versions, sources and limits;
//! - `#/group?dx=I21.4,N18.4&px=…&age=70&sex=male&adm=non-elective&los=3&mff=RCF`: one case, grouped;
//! - `#/compare?…case A…&b.dx=…`: two cases side by side, where each `b.` field overrides case A's.
//!
//! `Route::parse(route.to_hash()) == route` for every route (tested below).

use codegroup::{Concept, Kind, System};

use crate::case_form::CaseForm;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `query: None` keeps whatever the user last typed (e.g. the header's Search link).
    Search {
        query: Option<String>,
        system: Option<System>,
    },
    Code {
        system: System,
        code: String,
    },
    /// `code: None` lists the chapters.
    Browse {
        system: System,
        code: Option<String>,
    },
    About,
    Group {
        case: CaseForm,
    },
    Compare {
        a: CaseForm,
        b: CaseForm,
    },
    NotFound {
        hash: String,
    },
}

impl Route {
    pub const HOME: Route = Route::Search {
        query: None,
        system: None,
    };

    /// Parse `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let fragment = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = fragment.split_once('?').unwrap_or((fragment, ""));
        let params = Params::parse(query);
        let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let not_found = || Route::NotFound {
            hash: format!("#{fragment}"),
        };
        match segments.as_slice() {
            [] | ["search"] => Route::Search {
                query: params.get("q").map(str::to_string),
                system: params.get("system").and_then(System::parse),
            },
            ["code", system, code] => match System::parse(system) {
                Some(system) => Route::Code {
                    system,
                    code: code.to_string(),
                },
                None => not_found(),
            },
            ["browse", system] => match System::parse(system) {
                Some(system) => Route::Browse { system, code: None },
                None => not_found(),
            },
            ["browse", system, code] => match System::parse(system) {
                Some(system) => Route::Browse {
                    system,
                    code: Some(code.to_string()),
                },
                None => not_found(),
            },
            ["about"] => Route::About,
            ["group"] => Route::Group {
                case: CaseForm::default().with_params(&params, ""),
            },
            ["compare"] => {
                let a = CaseForm::default().with_params(&params, "");
                let b = a.with_params(&params, "b.");
                Route::Compare { a, b }
            }
            _ => not_found(),
        }
    }

    /// Where a concept opens: chapters and blocks in the browser, codes on their own page.
    pub fn for_concept(concept: &Concept) -> Route {
        match concept.kind {
            Kind::Chapter | Kind::Block => Route::Browse {
                system: concept.system,
                code: Some(concept.code.clone()),
            },
            _ => Route::Code {
                system: concept.system,
                code: concept.code.clone(),
            },
        }
    }

    /// The fragment, with its leading `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Search { query, system } => {
                let mut params = Vec::new();
                if let Some(q) = query.as_deref().filter(|q| !q.is_empty()) {
                    params.push(format!("q={}", percent_encode(q)));
                }
                if let Some(system) = system {
                    params.push(format!("system={}", system.as_str()));
                }
                if params.is_empty() {
                    "#/".to_string()
                } else {
                    format!("#/?{}", params.join("&"))
                }
            }
            Route::Code { system, code } => format!("#/code/{}/{}", system.as_str(), percent_encode(code)),
            Route::Browse { system, code: None } => format!("#/browse/{}", system.as_str()),
            Route::Browse {
                system,
                code: Some(code),
            } => {
                format!("#/browse/{}/{}", system.as_str(), percent_encode(code))
            }
            Route::About => "#/about".to_string(),
            Route::Group { case } => with_query("#/group", case.to_params("", None)),
            Route::Compare { a, b } => {
                let mut params = a.to_params("", None);
                params.extend(b.to_params("b.", Some(a)));
                with_query("#/compare", params)
            }
            Route::NotFound { hash } => hash.clone(),
        }
    }
}

fn with_query(path: &str, params: Vec<(String, String)>) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// `key=value&…` pairs of a fragment's query, decoded; the first of repeated keys wins.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: &str) -> Params {
        Params(
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Encode everything but unreserved characters, the dot and the comma (so `dx=I21.4,N18.4` stays readable).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decode `%XX` and `+`; malformed escapes are kept as typed rather than rejected.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_parse_to_their_pages() {
        assert_eq!(
            Route::parse("#/code/icd10/I21.4"),
            Route::Code {
                system: System::Icd10,
                code: "I21.4".into()
            }
        );
        assert_eq!(
            Route::parse("#/browse/opcs4/W"),
            Route::Browse {
                system: System::Opcs4,
                code: Some("W".into())
            }
        );
        assert_eq!(
            Route::parse("#/browse/icd10"),
            Route::Browse {
                system: System::Icd10,
                code: None
            }
        );
        assert_eq!(Route::parse(""), Route::HOME);
        assert_eq!(Route::parse("#/"), Route::HOME);
        assert_eq!(Route::parse("#/about"), Route::About);
        assert_eq!(
            Route::parse("#/?q=heart+attack&system=opcs4"),
            Route::Search {
                query: Some("heart attack".into()),
                system: Some(System::Opcs4)
            }
        );
    }

    #[test]
    fn the_issue_links_parse() {
        let Route::Group { case } = Route::parse("#/group?dx=I21.4&age=70&sex=male&adm=non-elective&los=3") else {
            panic!()
        };
        assert_eq!((case.dx, case.los), (vec!["I21.4".to_string()], "3".to_string()));
        let Route::Compare { a, b } = Route::parse("#/compare?dx=I21.4&age=70&b.dx=I21.4,N18.4") else {
            panic!()
        };
        assert_eq!((a.dx.len(), b.dx.len(), b.age.as_str()), (1, 2, "70"));
    }

    #[test]
    fn unknown_paths_and_systems_are_not_found() {
        for hash in ["#/code/snomed/123", "#/nowhere", "#/code/icd10", "#/browse/x/A"] {
            assert!(matches!(Route::parse(hash), Route::NotFound { .. }), "{hash}");
        }
    }

    #[test]
    fn every_route_round_trips() {
        let routes = [
            Route::HOME,
            Route::Search {
                query: Some("lap chole & 50% / ?".into()),
                system: Some(System::Icd10),
            },
            Route::Search {
                query: Some("ménière's".into()),
                system: None,
            },
            Route::Code {
                system: System::Opcs4,
                code: "W37.1".into(),
            },
            Route::Code {
                system: System::Icd10,
                code: "odd/code?#".into(),
            },
            Route::Browse {
                system: System::Icd10,
                code: Some("I20-I25".into()),
            },
            Route::Browse {
                system: System::Opcs4,
                code: None,
            },
            Route::About,
            Route::Group {
                case: CaseForm {
                    dx: vec!["I21.4".into(), "N18.4".into()],
                    age: "70".into(),
                    ..CaseForm::default()
                },
            },
            Route::Compare {
                a: CaseForm {
                    dx: vec!["I21.4".into()],
                    adm: "non-elective".into(),
                    ..CaseForm::default()
                },
                b: CaseForm {
                    dx: vec!["I21.4".into(), "E11.9".into()],
                    adm: "non-elective".into(),
                    ..CaseForm::default()
                },
            },
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.to_hash()), route, "{}", route.to_hash());
        }
    }

    #[test]
    fn malformed_escapes_are_kept_as_typed() {
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(percent_decode("%zz1"), "%zz1");
        assert_eq!(percent_decode("%E2%80%A0"), "†");
    }
}
