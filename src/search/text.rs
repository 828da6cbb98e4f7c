//! From written text to index words. The same functions run over titles at build time and over
//! queries at search time, so both sides always agree on what a word is.
//!
//! A word is lower-case ASCII letters and digits. Accents are folded (Ménière → meniere),
//! apostrophes vanish (Crohn's → crohns), `#` reads as "fracture" (the clinical shorthand in
//! `#NOF`), everything else separates words.

/// Words that join other words in titles. They are not indexed (every second title has "of") and
/// a query drops them unless it has nothing else.
/// `w` is the clinical shorthand for "with" (`AF w RVR`, `T2DM w CKD`).
const JOINING_WORDS: &[&str] = &["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "w"];

pub fn is_joining_word(word: &str) -> bool {
    JOINING_WORDS.contains(&word)
}

/// Side words: coded apart from the condition (OPCS-4 Z94) and seldom in a title.
const LATERALITY_WORDS: &[&str] = &["left", "right", "bilateral", "unilateral", "lt", "rt", "l", "r"];

fn is_laterality_word(word: &str) -> bool {
    LATERALITY_WORDS.contains(&word)
}

/// Spinal levels (`L5/S1 discectomy`, `C5/6 disc prolapse`): OPCS-4 codes the level apart, with a
/// site code (Z06-Z07), and no title names it.
fn is_spinal_level(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 2 && matches!(b[0], b'c' | b'l' | b's') && matches!(b[1], b'1'..=b'8')
}

/// Words for who the patient is (`croup in child`, `hydrocele in infant`): the age group is in the
/// record, not in most titles, which name the condition alone.
const PATIENT_WORDS: &[&str] = &["child", "children", "infant", "baby", "toddler", "adult", "elderly", "patient", "pt", "boy", "girl"];

/// Words coded apart from the condition and seldom in its title: the side and the patient.
pub fn is_coded_apart_word(word: &str) -> bool {
    is_laterality_word(word) || PATIENT_WORDS.contains(&word) || is_spinal_level(word)
}

/// Words people add to a procedure search that OPCS-4 titles rarely say (`squint surgery`,
/// `hernia operation`). A query drops them when it has other words.
/// Likewise the words of an admission record around the diagnosis (`admission for chemo`).
/// So is the lay `out` of `adenoids out` or `wisdom teeth out`: the organ names the operation,
/// and the `victim` of `victim of domestic violence`: the harm names the diagnosis.
const GENERIC_QUERY_WORDS: &[&str] = &["surgery", "surgical", "operation", "op", "procedure", "admission", "admitted", "out", "victim"];

/// Nouns people put after a term that names the condition already (`ACL injury`, `AF episode`,
/// `MS disease`). Unlike [`GENERIC_QUERY_WORDS`] they are kept, as titles use them (`Raynaud
/// syndrome`); the engine drops a trailing one only when the words find nothing together and
/// the rest is a synonym term.
/// So are the kinds of injury (`MCL sprain`, `Bankart lesion`) and the `situ` of a device `in
/// situ` (`PPM in situ`: presence of cardiac pacemaker), which titles say only of carcinoma.
const GENERIC_CONDITION_WORDS: &[&str] = &[
    "injury", "injuries", "disease", "syndrome", "disorder", "condition", "problem", "problems", "episode", "diagnosis", "sprain", "strain", "tear",
    "rupture", "lesion", "situ",
];

pub fn is_generic_condition_word(word: &str) -> bool {
    GENERIC_CONDITION_WORDS.contains(&word)
}

/// Nouns people put after a term that names the procedure already (`EVD insertion`: Drainage of
/// ventricle of brain; `Holter monitor`: 24 hour ambulatory electrocardiography; `RIG tube`,
/// `ECT treatment`, `nipple inversion correction`). Handled like [`GENERIC_CONDITION_WORDS`]:
/// dropped only when the words find nothing together.
const GENERIC_PROCEDURE_WORDS: &[&str] =
    &["insertion", "placement", "implantation", "fitting", "monitor", "device", "tube", "treatment", "therapy", "correction"];

pub fn is_generic_procedure_word(word: &str) -> bool {
    GENERIC_PROCEDURE_WORDS.contains(&word)
}

/// Words that qualify a condition (onset, course, severity, certainty) and that titles seldom
/// carry: `acute gout` is M10 "Gout", `new onset AF` is I48. When no title has every query word,
/// matching one of these counts for less than matching the condition itself.
const QUALIFIER_WORDS: &[&str] = &[
    "acute", "new", "onset", "severe", "mild", "moderate", "recurrent", "suspected", "query", "possible", "likely", "known", "worsening",
    "post", "low", "high", "raised", "poor", "generally", "failed", "chronic",
];

pub fn is_qualifier_word(word: &str) -> bool {
    QUALIFIER_WORDS.contains(&word)
}

/// Generic words, and counts such as the `x3` in `CABG x3` (three grafts: still one code).
pub fn is_generic_query_word(word: &str) -> bool {
    let b = word.as_bytes();
    GENERIC_QUERY_WORDS.contains(&word) || (b.len() == 2 && b[0] == b'x' && b[1].is_ascii_digit())
}

/// Abbreviations written in the plural (`PEs`, `UTIs`, `DVTs`): capitals then a lower-case
/// `s`. The singular is the term the synonym table knows. Only that written form counts: in
/// lower case, `cfs` (chronic fatigue syndrome) or `pes` (pes planus) are words of their own.
pub fn singular_abbreviation(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s')?;
    let capitals = stem.bytes().filter(u8::is_ascii_uppercase).count();
    (capitals >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())).then_some(stem)
}

/// `text` with plural abbreviations made singular (see [`singular_abbreviation`]); borrowed
/// when there are none.
pub fn singular_abbreviations(text: &str) -> std::borrow::Cow<'_, str> {
    let plural = |w: &str| singular_abbreviation(w).is_some();
    let tokens = || text.split(|c: char| !c.is_ascii_alphanumeric());
    if !tokens().any(plural) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    for ch in text.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_alphanumeric() {
            token.push(ch);
            continue;
        }
        out.push_str(singular_abbreviation(&token).unwrap_or(&token));
        token.clear();
        out.push(ch);
    }
    out.pop(); // the space added to flush the last token
    std::borrow::Cow::Owned(out)
}

/// Note shorthand written with a slash, read before the slash splits it into letters: `c/o`
/// (complains of), `r/o` (rule out), `s/p` (status post), `o/e` (on examination) and `k/c`
/// (known case) say nothing a title says and are dropped; `h/o` is "history of", `w/o` "without"
/// and `w/` "with".
const SLASH_SHORTHAND: &[(&str, &str)] =
    &[("c/o", ""), ("r/o", ""), ("s/p", ""), ("o/e", ""), ("k/c", ""), ("h/o", "history of"), ("w/o", "without"), ("w/", "with")];

/// `text` with the note shorthand of [`SLASH_SHORTHAND`] read; borrowed when there is none.
pub fn read_slash_shorthand(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('/') {
        return std::borrow::Cow::Borrowed(text);
    }
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let found = SLASH_SHORTHAND.iter().find(|(short, _)| {
            let end = i + short.len();
            starts_word && lower[i..].starts_with(short) && (short.ends_with('/') || b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric()))
        });
        match found {
            Some((short, read)) => {
                out.push(' ');
                out.push_str(read);
                out.push(' ');
                i += short.len();
            }
            None => {
                let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Split text into words (see the module doc).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for ch in text.chars() {
        if ch == '\'' || ch == '’' {
            continue; // Crohn's → crohns
        }
        if ch == '#' {
            flush(&mut current, &mut out);
            out.push("fracture".to_string());
            continue;
        }
        match fold(ch) {
            Some(folded) => current.push_str(folded),
            None if ch.is_alphanumeric() => {
                // Letters outside Latin-1 (Greek, CJK...) keep their own lower-case form.
                current.extend(ch.to_lowercase());
            }
            None => flush(&mut current, &mut out),
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Hyphenated words are also written joined (gastro-enteritis / gastroenteritis): the joined
/// forms of every hyphenated run of letters in `text`, to index beside the separate words.
pub fn joined_hyphenations(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '/' | ';' | ':'))
        .filter(|chunk| chunk.contains('-') && !chunk.starts_with('-') && !chunk.ends_with('-'))
        .filter(|chunk| chunk.split('-').all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic)))
        .map(|chunk| words(&chunk.replace('-', "")).concat())
        .filter(|w| !w.is_empty())
        .collect()
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

/// ASCII lower case for letters and digits, accents folded; `None` for anything else.
fn fold(ch: char) -> Option<&'static str> {
    const LOWER: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    Some(match ch {
        'a'..='z' => LOWER[(ch as u8 - b'a') as usize],
        'A'..='Z' => LOWER[(ch as u8 - b'A') as usize],
        '0'..='9' => DIGITS[(ch as u8 - b'0') as usize],
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => return None,
    })
}

/// British → American spellings, applied as substring rewrites in this order. Both title and
/// query words go through them, so either spelling finds both (haemorrhage / hemorrhage).
/// The index also keeps the word as written, so a half-typed British prefix (`hae`) still matches.
const SPELLINGS: &[(&str, &str)] = &[
    ("appendicectom", "appendectom"),
    ("oesophag", "esophag"),
    ("oedema", "edema"),
    ("oestr", "estr"),
    ("oeso", "eso"),
    ("rrhoea", "rrhea"),
    ("pnoea", "pnea"),
    ("amoeb", "ameb"),
    ("aluminium", "aluminum"),
    ("rrhoe", "rrhe"),
    ("coeli", "celi"),
    ("foet", "fet"),
    ("haem", "hem"),
    ("aemia", "emia"),
    ("aemic", "emic"),
    ("anaes", "anes"),
    ("aesthe", "esthe"),
    ("paed", "ped"),
    ("gynaec", "gynec"),
    ("caesar", "cesar"),
    ("caec", "cec"),
    ("faec", "fec"),
    ("leukaem", "leukem"),
    ("ischaem", "ischem"),
    ("orthopaed", "orthoped"),
    ("tumour", "tumor"),
    ("colour", "color"),
    ("behaviour", "behavior"),
    ("labour", "labor"),
    ("humour", "humor"),
    ("odour", "odor"),
    ("vapour", "vapor"),
    ("sulph", "sulf"),
    ("isation", "ization"),
];

/// Every British spelling in [`SPELLINGS`] holds one of these letter pairs: a word with none
/// (most words) needs no substring search. A test checks the table against them.
const SPELLING_BIGRAMS: [&[u8; 2]; 7] = [b"ae", b"oe", b"ec", b"iu", b"ph", b"ou", b"is"];

fn has_spelling_bigram(word: &str) -> bool {
    word.as_bytes().windows(2).any(|pair| SPELLING_BIGRAMS.iter().any(|b| pair == *b))
}

/// Word endings: French -re → -er (centre/center, fibre/fiber, litre/liter), -ise → -ize.
const ENDINGS: &[(&str, &str)] = &[
    ("centre", "center"),
    ("fibre", "fiber"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("calibre", "caliber"),
    ("sabre", "saber"),
    ("ised", "ized"),
    ("ising", "izing"),
];

/// Words written short in clinical notes, and the word they stand for: one index word and one
/// synonym key for both (`hx of bowel cancer` is the term `history of bowel cancer`).
const SHORT_WORDS: &[(&str, &str)] = &[("hx", "history")];

/// The canonical (American) spelling of a word from [`words`]; borrowed when nothing changes.
pub fn canonical(word: &str) -> std::borrow::Cow<'_, str> {
    if let Some((_, full)) = SHORT_WORDS.iter().find(|(short, _)| *short == word) {
        return std::borrow::Cow::Borrowed(full);
    }
    let needs = (has_spelling_bigram(word) && SPELLINGS.iter().any(|(uk, _)| word.contains(uk))) || ENDINGS.iter().any(|(uk, _)| word.ends_with(uk));
    if !needs {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut w = word.to_string();
    for (uk, us) in SPELLINGS {
        if w.contains(uk) {
            w = w.replace(uk, us);
        }
    }
    for (uk, us) in ENDINGS {
        if let Some(stem) = w.strip_suffix(uk) {
            w = format!("{stem}{us}");
            break;
        }
    }
    std::borrow::Cow::Owned(w)
}

/// Word endings removed to reach a stem, longest first: inflections that titles and coders
/// use interchangeably (infection / infective / infected, diabetes / diabetic, fracture /
/// fractured, depression / depressive). `-ated` and `-ating` meet `-ation` (dehydrated /
/// dehydration, perforated / perforation); `-ful` meets the noun (painful hip / hip pain).
const SUFFIXES: &[&str] = &[
    "ations", "ation", "ating", "ities", "ively", "ments", "ated", "ings", "ions", "ives", "ness", "ment", "ion", "ive", "ity", "ing", "ful", "ies", "ied",
    "es", "ed", "ic", "al", "ia", "s", "e", "y",
];
/// Stems shorter than this are not formed (`knee` stays `knee`, not `kne`).
const MIN_STEM: usize = 4;

/// Marks a stem in the word index, so a stem is never taken for a word a user typed
/// (`orif` is the stem of "orifice" and also an abbreviation). At the end, so a stem shares
/// its index path with the words it comes from (and a typed prefix of the stem finds nothing
/// those words do not already give).
const STEM_MARK: char = '~';

/// The index key of a canonical word's stem, for matching other inflections; `None` when the
/// word has no removable ending. Endings are removed repeatedly, so `kidneys` and `kidney`
/// meet. Stem keys are only ever compared with stem keys, never shown.
pub fn stem(word: &str) -> Option<String> {
    let w = bare_stem(word);
    (w.len() < word.len()).then(|| format!("{w}{STEM_MARK}"))
}

/// The stem of a canonical word without the index mark, or the word itself when it has no
/// removable ending: `bleeding` → `bleed`, `bleed` → `bleed`, `dupuytrens` → `dupuytren`.
pub fn bare_stem(word: &str) -> &str {
    let mut w = word;
    while let Some(shorter) = SUFFIXES.iter().find_map(|suffix| w.strip_suffix(suffix).filter(|s| s.len() >= MIN_STEM)) {
        w = shorter;
    }
    if w.len() == word.len() {
        if let Some(singular) = short_plural(word) {
            return singular;
        }
    }
    w
}

/// The singular of a short plural (`eyes` → `eye`, `toes`, `ribs`, `hips`): a word too short for
/// [`MIN_STEM`] still loses a plural `s` when three letters remain, so `dry eyes` meets "dry eye".
/// Not `-ss`, `-us`, `-is` (`mass`, `anus`, `iris` are singular).
fn short_plural(word: &str) -> Option<&str> {
    let singular = word.strip_suffix('s')?;
    let plural = singular.len() == 3 && !["s", "u", "i"].iter().any(|e| singular.ends_with(e)) && singular.bytes().all(|b| b.is_ascii_lowercase());
    plural.then_some(singular)
}

/// Words people type and the words ICD-10 and OPCS-4 titles use for the same thing
/// (`brain tumour` → "Malignant neoplasm of brain", `kidney stones` → "Calculus of kidney").
/// Keys are canonical spellings; a query word also matches titles holding any of its equivalents.
const TITLE_EQUIVALENTS: &[(&str, &[&str])] = &[
    ("tumor", &["neoplasm"]),
    ("tumors", &["neoplasm"]),
    ("cancer", &["malignant"]),
    ("cancers", &["malignant"]),
    ("ca", &["malignant"]),
    ("carcinoma", &["malignant"]),
    ("mets", &["secondary"]),
    ("metastases", &["secondary"]),
    ("metastasis", &["secondary"]),
    ("metastatic", &["secondary"]),
    ("kidney", &["renal"]),
    ("renal", &["kidney"]),
    ("heart", &["cardiac"]),
    ("cardiac", &["heart"]),
    ("lung", &["pulmonary"]),
    ("pulmonary", &["lung"]),
    ("liver", &["hepatic"]),
    ("bowel", &["intestine", "intestinal"]),
    // Clinical shorthand (`resp failure`) and the words of the F10-F19 titles for drugs and
    // addiction: "Mental and behavioural disorders due to use of opioids - Dependence syndrome".
    ("resp", &["respiratory"]),
    ("febrile", &["fever"]),
    ("addiction", &["dependence"]),
    ("heroin", &["opioids"]),
    ("benzodiazepine", &["sedatives"]),
    // Anatomical adjectives people type and the nouns the titles use ("Malignant neoplasm of ovary").
    ("ovarian", &["ovary"]),
    ("rectal", &["rectum"]),
    ("esophageal", &["esophagus"]),
    ("cervical", &["cervix"]),
    ("colonic", &["colon"]),
    ("uterine", &["uterus"]),
    ("pancreatic", &["pancreas"]),
    ("prostatic", &["prostate"]),
    ("cerebral", &["brain"]),
    ("brain", &["cerebral"]),
    ("hepatic", &["liver"]),
    ("testicular", &["testis"]),
    ("duodenal", &["duodenum"]),
    ("splenic", &["spleen"]),
    ("aortic", &["aorta"]),
    ("vertebral", &["vertebra"]),
    ("spinal", &["spine"]),
    ("nasal", &["nose"]),
    ("nose", &["nasal"]),
    ("gastric", &["stomach"]),
    ("pubic", &["pubis"]),
    ("zygoma", &["malar"]),
    ("zygomatic", &["malar"]),
    ("adenocarcinoma", &["malignant"]),
    ("ocular", &["eye"]),
    ("stomach", &["gastric"]),
    ("womb", &["uterus"]),
    ("depression", &["depressive"]),
    ("bleed", &["hemorrhage"]),
    ("bleeding", &["hemorrhage"]),
    ("hematoma", &["hemorrhage"]),
    ("broken", &["fracture"]),
    ("fx", &["fracture"]),
    ("stone", &["calculus"]),
    ("stones", &["calculus"]),
    ("clot", &["thrombosis", "embolism"]),
    ("gallbladder", &["gall"]),
    ("toenail", &["nail"]),
    ("fingernail", &["nail"]),
    // Stages and types are written in both Roman and Arabic numerals (Stage II decubitus ulcer).
    ("2", &["ii"]),
    ("ii", &["2"]),
    ("3", &["iii"]),
    ("iii", &["3"]),
    ("4", &["iv"]),
    ("iv", &["4"]),
    ("grade", &["stage"]),
    ("nos", &["unspecified"]),
    // OPCS-4 says "introduction" or "implantation" where people say insertion (Mirena insertion:
    // Introduction of intrauterine contraceptive device).
    ("insertion", &["implantation", "introduction"]),
    ("insert", &["implantation", "introduction"]),
    // Ordinals as typed and as titles spell them (3rd degree tear: Third degree perineal laceration).
    ("1st", &["first"]),
    ("2nd", &["second"]),
    ("3rd", &["third"]),
    ("4th", &["fourth"]),
    ("tear", &["laceration"]),
    ("laceration", &["wound"]),
    ("lac", &["wound"]),
    ("stab", &["wound"]),
    ("forehead", &["head"]),
    ("tx", &["transplant", "transplantation"]),
    ("bilat", &["bilateral"]),
    ("perc", &["percutaneous"]),
    ("diag", &["diagnostic"]),
    ("wax", &["cerumen"]),
    // Older ICD-10 titles say septicaemia where clinicians now say sepsis.
    ("sepsis", &["septicaemia"]),
    ("radiotherapy", &["irradiation"]),
    ("period", &["menstruation"]),
    ("periods", &["menstruation"]),
    ("heavy", &["excessive"]),
    ("thrush", &["candidiasis", "candidal"]),
    ("ct", &["computed"]),
    ("mri", &["magnetic"]),
    ("uss", &["ultrasound"]),
    // Drug harm as clinicians say it and as T36-T65 titles say it ("Poisoning: Anticoagulants",
    // "Toxic effect of carbon monoxide").
    ("overdose", &["poisoning"]),
    ("toxicity", &["poisoning", "toxic"]),
    ("poisoning", &["toxic"]),
    // OPCS-4 titles say excision where surgeons say resection or removal (abdominoperineal
    // resection: Abdominoperineal excision of rectum; removal of gallbladder: Excision of gall bladder).
    ("resection", &["excision"]),
    ("removal", &["excision"]),
    ("fb", &["foreign"]),
    ("scald", &["burn"]),
    ("scalds", &["burn"]),
    ("omental", &["omentum"]),
    ("cecal", &["cecum"]),
    ("ileal", &["ileum"]),
    ("jejunal", &["jejunum"]),
    ("anal", &["anus"]),
    ("perianal", &["anal"]),
    ("abdominal", &["abdomen"]),
    // Legs as people say them and as titles say them (cellulitis of leg: Cellulitis of other
    // parts of limb; big toe: great toe).
    ("leg", &["limb"]),
    ("legs", &["limb"]),
    // Arms and backs likewise: burn of forearm is "Burn ... of shoulder and upper limb", melanoma
    // of the back "Malignant melanoma of trunk".
    ("arm", &["limb"]),
    ("arms", &["limb"]),
    ("forearm", &["limb"]),
    ("back", &["trunk"]),
    ("big", &["great"]),
    ("biliary", &["bile"]),
    ("arthritis", &["arthropathy", "arthropathies"]),
    // More anatomical adjectives and the nouns titles use (pelvic fracture: Fracture of pelvis;
    // penile cancer: Malignant neoplasm of penis; jaw fracture: Fracture of mandible).
    ("pelvic", &["pelvis"]),
    ("penile", &["penis"]),
    ("nasopharyngeal", &["nasopharynx"]),
    ("laryngeal", &["larynx"]),
    ("pharyngeal", &["pharynx"]),
    ("macular", &["macula"]),
    ("tracheal", &["trachea"]),
    ("bronchial", &["bronchus"]),
    ("vaginal", &["vagina"]),
    ("vulval", &["vulva"]),
    ("vulvar", &["vulva"]),
    ("scrotal", &["scrotum"]),
    ("urethral", &["urethra"]),
    ("ureteric", &["ureter"]),
    ("ureteral", &["ureter"]),
    ("femoral", &["femur"]),
    ("tibial", &["tibia"]),
    ("humeral", &["humerus"]),
    ("radial", &["radius"]),
    ("ulnar", &["ulna"]),
    ("clavicular", &["clavicle"]),
    ("mandibular", &["mandible"]),
    ("jaw", &["mandible", "maxilla"]),
    ("maxillary", &["maxilla"]),
    ("orbital", &["orbit"]),
    ("sacral", &["sacrum"]),
    ("patellar", &["patella"]),
    ("sternal", &["sternum"]),
    ("axillary", &["axilla"]),
    ("umbilical", &["umbilicus"]),
    ("retinal", &["retina"]),
    ("corneal", &["cornea"]),
    ("peritoneal", &["peritoneum"]),
    ("pleural", &["pleura"]),
    ("pericardial", &["pericardium"]),
    // OPCS-4 wording for everyday procedure words: "Attention to" a tube or line (chest drain
    // care: Attention to tube drain into pleural cavity), irrigation (washout), refashioning
    // (scar revision), cauterisation (diathermy).
    ("care", &["attention"]),
    ("washout", &["irrigation"]),
    ("revision", &["refashioning"]),
    ("diathermy", &["cauterisation", "cauterization"]),
    // OPCS-4 says prosthesis for an implant (breast implants: Prosthesis for breast; lens
    // implant: Prosthesis of lens), lesion for a polyp (endometrial polyp resection: Endoscopic
    // resection of lesion of uterus), and removal or extraction for the same act on a tooth.
    ("implant", &["prosthesis"]),
    ("implants", &["prosthesis"]),
    ("polyp", &["lesion"]),
    ("polyps", &["lesion"]),
    ("endometrial", &["uterus", "endometrium"]),
    ("extraction", &["removal"]),
    // Superficial femoral artery, as vascular notes abbreviate it (SFA stent).
    ("sfa", &["femoral"]),
    // Examination under anaesthetic (EUA eye: Examination of eye under anaesthetic).
    ("eua", &["anesthetic", "anaesthetic"]),
    // Radiologists say angiogram where OPCS-4 says arteriography (cerebral angiogram:
    // Arteriography of cerebral artery).
    ("angiogram", &["arteriography", "angiography"]),
    ("angiography", &["arteriography"]),
    // A device changed is "Renewal of" it in OPCS-4 (ICD change: Renewal of cardioverter
    // defibrillator; stent change: Endoscopic renewal of tubal prosthesis into ureter).
    ("change", &["renewal"]),
    // Grommets are ventilation tubes in OPCS-4 (removal of grommets: Removal of ventilation tube
    // from tympanic membrane).
    ("grommet", &["ventilation"]),
    ("grommets", &["ventilation"]),
    // Cardiologists say pacing where OPCS-4 says pacemaker (pacing lead: Resiting of lead of
    // cardiac pacemaker system), and oral and vagal where titles use the noun (oral biopsy:
    // Biopsy of lesion of mouth; vagal nerve: vagus nerve).
    ("pacing", &["pacemaker"]),
    ("oral", &["mouth"]),
    ("vagal", &["vagus"]),
    // Lay names of bones and body parts, and of injuries, that no title uses (`broken kneecap`,
    // `bruised ribs`, `cut finger`, `fell off bike`): the words the titles use instead.
    ("kneecap", &["patella"]),
    ("collarbone", &["clavicle"]),
    ("breastbone", &["sternum"]),
    ("shinbone", &["tibia"]),
    ("shin", &["tibia", "leg"]),
    ("thighbone", &["femur"]),
    ("cheekbone", &["malar"]),
    ("heel", &["calcaneus"]),
    ("eardrum", &["tympanic"]),
    ("windpipe", &["trachea"]),
    ("gullet", &["esophagus"]),
    ("belly", &["abdominal", "abdomen"]),
    ("bruise", &["contusion"]),
    ("bruised", &["contusion"]),
    ("bruising", &["contusion"]),
    ("cut", &["wound"]),
    ("cuts", &["wound"]),
    ("twisted", &["sprain"]),
    ("torn", &["tear"]),
    ("pregnant", &["pregnancy"]),
    ("bike", &["cyclist"]),
    ("bicycle", &["cyclist"]),
    ("motorbike", &["motorcycle"]),
    // Fallopian tubes as gynaecologists write them (tubal ligation: ligation of fallopian tubes),
    // and "removed" as the titles' excision (gall bladder removed: Excision of gall bladder).
    ("tubal", &["fallopian"]),
    ("removed", &["excision", "removal"]),
    // Clinical words and the older words ICD-10 titles use: postpartum for puerperal
    // (postpartum sepsis: Puerperal sepsis), prematurity for preterm, miscarriage for spontaneous
    // abortion, palsy for paralysis (Erb's palsy: Erb's paralysis due to birth injury), nicotine
    // for tobacco (F17), vaccination for immunization (Z23-Z27), TB for tuberculosis (exposure to
    // TB: Z20.1), hit for collision or struck (pedestrian hit by car: V03), the trunk of a chest
    // burn (T21 Burn and corrosion of trunk), and a stabbing's wound.
    ("postpartum", &["puerperal", "puerperium"]),
    ("prematurity", &["preterm"]),
    ("premature", &["preterm"]),
    ("miscarriage", &["abortion"]),
    ("palsy", &["paralysis"]),
    ("nicotine", &["tobacco"]),
    ("vaccination", &["immunization"]),
    ("vaccinations", &["immunization"]),
    ("vaccine", &["immunization"]),
    ("tb", &["tuberculosis"]),
    ("hit", &["collision", "struck"]),
    ("chest", &["thorax", "thoracic", "trunk"]),
    ("stabbed", &["stab", "wound"]),
];

/// Clinical shorthand for a whole word (`fx hip`, `hx bowel ca`, `renal tx`, `perc nephrostomy`):
/// besides their title equivalents, a query reads them as the full word when it looks for a
/// synonym term (`fx hip` is the term `hip fracture`) and for title words. Unlike
/// [`SHORT_WORDS`], which replace the word everywhere, the short form is kept too: titles and
/// terms use some of them as words of their own (`CA` for calcium, `TX` in codes).
const SHORTHAND: &[(&str, &str)] = &[
    ("fx", "fracture"),
    ("ca", "cancer"),
    ("tx", "transplant"),
    ("mets", "metastases"),
    ("bilat", "bilateral"),
    ("perc", "percutaneous"),
    ("diag", "diagnostic"),
    ("sx", "symptoms"),
];

/// The full word for a shorthand word of [`SHORTHAND`].
pub fn shorthand(word: &str) -> Option<&'static str> {
    SHORTHAND.iter().find(|(short, _)| *short == word).map(|(_, full)| *full)
}

/// Organs and the Greek or Latin roots that name operations and conditions of them
/// (gallbladder: cholecyst-ectomy, cholecyst-itis). A query that names an organ and an act
/// ([`ACT_SUFFIXES`]) also means the compound word: `removal of gallbladder` is cholecystectomy,
/// `inflamed pancreas` pancreatitis, `bladder scope` cystoscopy. Organs are compared by their bare
/// stems, so plurals meet (`tonsils`, `ovaries`).
const ORGAN_ROOTS: &[(&str, &[&str])] = &[
    ("appendix", &["appendic"]),
    ("gallbladder", &["cholecyst"]),
    ("pancreas", &["pancreat"]),
    ("tonsil", &["tonsill"]),
    ("adenoid", &["adenoid"]),
    ("uterus", &["hyster", "endometr"]),
    ("womb", &["hyster", "endometr"]),
    ("ovary", &["oophor"]),
    ("fallopian", &["salping"]),
    ("breast", &["mast"]),
    ("thyroid", &["thyroid"]),
    ("spleen", &["splen"]),
    ("kidney", &["nephr"]),
    ("prostate", &["prostat"]),
    ("bladder", &["cyst"]),
    ("colon", &["col", "colon"]),
    ("ileum", &["ile"]),
    ("stomach", &["gastr"]),
    ("liver", &["hepat"]),
    ("lung", &["pneumon"]),
    ("esophagus", &["esophag"]),
    ("larynx", &["laryng"]),
    ("pharynx", &["pharyng"]),
    ("trachea", &["trache"]),
    ("windpipe", &["trache"]),
    ("bronchus", &["bronch"]),
    ("joint", &["arthr"]),
    ("vein", &["phleb"]),
    ("nerve", &["neur"]),
    ("gum", &["gingiv"]),
    ("sinus", &["sinus"]),
    ("ear", &["ot"]),
    ("eyelid", &["blephar"]),
    ("cornea", &["kerat"]),
    ("nose", &["rhin"]),
    ("brain", &["encephal"]),
    ("testis", &["orch", "orchid"]),
    ("testicle", &["orch", "orchid"]),
    ("rectum", &["proct"]),
    ("vagina", &["vagin"]),
    ("skin", &["dermat"]),
    ("abdomen", &["lapar"]),
    ("adrenal", &["adrenal"]),
];

/// Acts on an organ, as written, and the ending that names them (see [`ORGAN_ROOTS`]). Compared
/// as written, as every query word is checked against them.
const ACT_SUFFIXES: &[(&str, &str)] = &[
    ("removal", "ectomy"),
    ("remove", "ectomy"),
    ("removed", "ectomy"),
    ("excision", "ectomy"),
    ("resection", "ectomy"),
    ("inflammation", "itis"),
    ("inflamed", "itis"),
    ("inflammatory", "itis"),
    ("scope", "oscopy"),
    ("camera", "oscopy"),
    ("stoma", "ostomy"),
];

/// The Greek or Latin roots of an organ word (empty for other words).
pub fn organ_roots(canonical: &str) -> &'static [&'static str] {
    let stem = bare_stem(canonical);
    ORGAN_ROOTS.iter().find(|(organ, _)| bare_stem(organ) == stem).map_or(&[], |(_, roots)| roots)
}

/// The word ending for an act on an organ (`removal` → `ectomy`).
pub fn act_suffix(canonical: &str) -> Option<&'static str> {
    ACT_SUFFIXES.iter().find(|(act, _)| *act == canonical).map(|(_, suffix)| *suffix)
}

/// A second key for a synonym term that ignores word order and inflection, so `fractured hip`
/// finds the term `hip fracture`. Marked like stems, so a typed prefix never reaches it.
pub fn loose_key(canonical_words: &[String]) -> String {
    // Bare stems: a word with no ending to remove (`bleed`) must meet its inflection (`bleeding`).
    let mut parts: Vec<&str> = canonical_words.iter().map(|w| bare_stem(w)).collect();
    parts.sort();
    format!("{STEM_MARK}{}", parts.join(" "))
}

/// Title words equivalent to a canonical query word (empty for most words).
pub fn title_equivalents(canonical: &str) -> &'static [&'static str] {
    TITLE_EQUIVALENTS.iter().find(|(word, _)| *word == canonical).map_or_else(|| spinal_region(canonical), |(_, equivalents)| equivalents)
}

/// The region of a vertebra named by its level (`L1 compression fracture`: Fracture of lumbar
/// vertebra; `C5 radiculopathy`), as titles name it. Not T1 or T2, which notes use for type 1
/// and type 2 diabetes.
fn spinal_region(word: &str) -> &'static [&'static str] {
    let b = word.as_bytes();
    let level = match b {
        [_, d @ b'1'..=b'9'] => d - b'0',
        [_, b'1', d @ b'0'..=b'2'] => 10 + d - b'0',
        _ => return &[],
    };
    match (b[0], level) {
        (b'c', 1..=7) => &["cervical"],
        (b't', 3..=12) => &["thoracic"],
        (b'l', 1..=5) => &["lumbar"],
        (b's', 1..=5) => &["sacrum", "sacral"],
        _ => &[],
    }
}

/// Title words equivalent to the words that a half-typed query word starts (`resect`: resection
/// → "excision", `abdominoperin resect` → "Abdominoperineal excision of rectum"). Four letters
/// at least, or a two-letter start reaches half the table.
pub fn title_equivalents_of_prefix(prefix: &str) -> impl Iterator<Item = &'static str> + '_ {
    TITLE_EQUIVALENTS
        .iter()
        .filter(move |(word, _)| prefix.len() >= 4 && word.len() > prefix.len() && word.starts_with(prefix))
        .flat_map(|(_, equivalents)| equivalents.iter().copied())
}

/// The words of a query or term that carry meaning: joining and generic words are dropped
/// unless nothing else is left (a query of just "of" still searches for "of").
pub fn content_words(text: &str) -> Vec<String> {
    let all = words(&read_slash_shorthand(text));
    let content: Vec<String> = all.iter().filter(|w| !is_joining_word(w) && !is_generic_query_word(w)).cloned().collect();
    if content.is_empty() {
        all
    } else {
        content
    }
}

/// The canonical content words of a phrase joined by single spaces: the key under which a
/// synonym term is stored and looked up, so `fracture of NOF` and `fracture NOF` agree.
pub fn phrase_key(text: &str) -> String {
    content_words(text).iter().map(|w| canonical(w).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_and_apostrophes() {
        assert_eq!(words("Ménière's disease, NOS"), vec!["menieres", "disease", "nos"]);
        assert_eq!(words("Non-insulin-dependent"), vec!["non", "insulin", "dependent"]);
        assert_eq!(words("  \u{0}\t🙂 "), Vec::<String>::new());
        assert_eq!(words("Type 2 DM"), vec!["type", "2", "dm"]);
    }

    #[test]
    fn plural_abbreviations_become_singular_only_as_written() {
        assert_eq!(singular_abbreviations("bilateral PEs"), "bilateral PE");
        assert_eq!(singular_abbreviations("recurrent UTIs, DVTs"), "recurrent UTI, DVT");
        // Lower case, all capitals, or a word: left alone.
        for text in ["pes planus", "CFS", "Pes", "gas gangrene", "K40s", "#NOFs"] {
            assert_eq!(singular_abbreviations(text), if text == "#NOFs" { "#NOF" } else { text });
        }
    }

    #[test]
    fn slash_shorthand_is_read_before_the_slash_splits_it() {
        assert_eq!(content_words("c/o SOB"), vec!["sob"]);
        assert_eq!(content_words("r/o MI"), vec!["mi"]);
        assert_eq!(content_words("h/o CVA"), vec!["history", "cva"]);
        assert_eq!(content_words("T2DM w/o complications"), vec!["t2dm", "without", "complications"]);
        assert_eq!(content_words("AF w/RVR"), vec!["af", "rvr"]);
        assert_eq!(content_words("AF w RVR"), vec!["af", "rvr"]);
        // Only as a word of its own: `L5/S1` and `and/or` are left to split.
        assert_eq!(content_words("L5/S1 disc"), vec!["l5", "s1", "disc"]);
        assert_eq!(read_slash_shorthand("ménière c/o"), "ménière   ");
    }

    #[test]
    fn organs_and_acts_name_compound_words() {
        assert_eq!(organ_roots("tonsils"), ["tonsill"]);
        assert_eq!(organ_roots("ovaries"), ["oophor"]);
        assert!(organ_roots("hip").is_empty());
        assert_eq!(act_suffix("removal"), Some("ectomy"));
        assert_eq!(act_suffix("removed"), Some("ectomy"));
        assert_eq!(act_suffix("inflamed"), Some("itis"));
        assert_eq!(act_suffix("knee"), None);
        assert_eq!(shorthand("fx"), Some("fracture"));
        assert_eq!(title_equivalents_of_prefix("resect").collect::<Vec<_>>(), ["excision"]);
        assert_eq!(title_equivalents_of_prefix("res").count(), 0, "too short to stand for a word");
    }

    #[test]
    fn hash_reads_as_fracture() {
        assert_eq!(words("#NOF"), vec!["fracture", "nof"]);
        assert_eq!(words("# neck of femur"), vec!["fracture", "neck", "of", "femur"]);
    }

    #[test]
    fn hyphenated_words_are_also_joined() {
        assert_eq!(joined_hyphenations("Salmonella gastro-enteritis"), vec!["gastroenteritis"]);
        assert_eq!(joined_hyphenations("Type 2 - with coma"), Vec::<String>::new());
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (uk, us) in [
            ("haemorrhage", "hemorrhage"),
            ("oesophagus", "esophagus"),
            ("anaemia", "anemia"),
            ("paediatric", "pediatric"),
            ("oedema", "edema"),
            ("diarrhoea", "diarrhea"),
            ("ischaemic", "ischemic"),
            ("caesarean", "cesarean"),
            ("coeliac", "celiac"),
            ("tumour", "tumor"),
            ("sulphate", "sulfate"),
            ("appendicectomy", "appendectomy"),
            ("centre", "center"),
            ("fibre", "fiber"),
            ("septicaemia", "septicemia"),
            ("hypoglycaemia", "hypoglycemia"),
            ("anaesthetic", "anesthetic"),
            ("haematuria", "hematuria"),
            ("leukaemia", "leukemia"),
            ("gynaecological", "gynecological"),
            ("amenorrhoea", "amenorrhea"),
            ("dyspnoea", "dyspnea"),
            ("apnoea", "apnea"),
            ("foetal", "fetal"),
            ("catheterisation", "catheterization"),
        ] {
            assert_eq!(canonical(uk), canonical(us), "{uk} / {us}");
        }
        assert_eq!(canonical("heart"), "heart");
        for (uk, _) in SPELLINGS {
            assert!(has_spelling_bigram(uk), "{uk} has none of the letter pairs that let canonical() skip a word");
        }
        assert_eq!(canonical("four"), "four");
        assert_eq!(canonical("hx"), "history");
    }

    #[test]
    fn inflections_share_a_stem() {
        for (a, b) in [
            ("infection", "infective"),
            ("infected", "infections"),
            ("diabetes", "diabetic"),
            ("fracture", "fractured"),
            ("depression", "depressive"),
            ("anemia", "anemic"),
            ("kidney", "kidneys"),
            ("obstruction", "obstructive"),
            ("ischemia", "ischemic"),
            ("dehydrated", "dehydration"),
            ("perforated", "perforation"),
            ("complicating", "complication"),
        ] {
            assert_eq!(stem(a).unwrap_or(a.into()), stem(b).unwrap_or(b.into()), "{a} / {b}");
        }
        // `painful` meets the word `pain`, which has no ending: its bare stem is looked up as a word.
        assert_eq!(bare_stem("painful"), "pain");
        assert_eq!(stem("knee"), None);
        assert_eq!(stem("hip"), None);
        assert_eq!(stem("heartburn"), None);
        // Short plurals lose their `s` (dry eyes / "dry eye"); short singulars in s do not.
        for (plural, singular) in [("eyes", "eye"), ("toes", "toe"), ("ribs", "rib"), ("hips", "hip")] {
            assert_eq!(bare_stem(plural), singular);
        }
        for word in ["iris", "anus", "mass", "abs"] {
            assert_eq!(bare_stem(word), word);
        }
    }

    #[test]
    fn loose_keys_ignore_order_and_inflection() {
        let key = |t: &str| loose_key(&phrase_key(t).split(' ').map(str::to_string).collect::<Vec<_>>());
        assert_eq!(key("hip fracture"), key("fractured hip"));
        assert_ne!(key("hip fracture"), key("hip"));
        // One side has no ending to remove: `bleed` still meets `bleeding`.
        assert_eq!(key("PR bleed"), key("PR bleeding"));
    }

    #[test]
    fn lay_words_have_title_equivalents() {
        assert_eq!(title_equivalents("tumor"), ["neoplasm"]);
        assert!(title_equivalents("hip").is_empty());
        assert_eq!(title_equivalents("overdose"), ["poisoning"]);
        assert_eq!(title_equivalents("resection"), ["excision"]);
        assert_eq!(title_equivalents("washout"), ["irrigation"]);
        assert_eq!(title_equivalents("kneecap"), ["patella"]);
        assert_eq!(title_equivalents("postpartum"), ["puerperal", "puerperium"]);
        assert_eq!(title_equivalents("palsy"), ["paralysis"]);
        assert_eq!(title_equivalents("bruised"), ["contusion"]);
        // Vertebral levels name their region; T1 and T2 are the diabetes types.
        assert_eq!(title_equivalents("l1"), ["lumbar"]);
        assert_eq!(title_equivalents("t12"), ["thoracic"]);
        assert_eq!(title_equivalents("c7"), ["cervical"]);
        for word in ["t1", "t2", "c8", "l6", "l10", "t13", "x1"] {
            assert!(title_equivalents(word).is_empty(), "{word}");
        }
    }

    #[test]
    fn generic_words_are_dropped_unless_alone() {
        assert_eq!(content_words("adenoids out"), vec!["adenoids"]);
        assert_eq!(content_words("squint surgery x2"), vec!["squint"]);
        assert_eq!(content_words("surgery"), vec!["surgery"]);
        assert_eq!(content_words("victim of domestic violence"), vec!["domestic", "violence"]);
    }

    #[test]
    fn phrase_key_is_canonical() {
        assert_eq!(phrase_key("Caesarean  Section"), "cesarean section");
        assert_eq!(phrase_key("#NOF"), "fracture nof");
        assert_eq!(phrase_key("fracture of the NOF"), "fracture nof");
        assert_eq!(phrase_key("of"), "of");
        assert_eq!(phrase_key("cataract surgery"), "cataract");
        assert_eq!(phrase_key("CABG x3"), "cabg");
        assert_eq!(phrase_key("x3"), "x3");
        // A short word is the word it stands for: `hx of MI` is the term `history of MI`.
        assert_eq!(phrase_key("hx of MI"), phrase_key("history of MI"));
    }
}
