//! The estimator: build a case, see its indicative HRG and price explained, compare two codings.
//! The case lives in the URL (see `case_form.rs`): every edit is a new history entry, so a link
//! always reproduces what is on screen and Back undoes an edit.

use codegroup::grouping::{self, money, Grouping};
use codegroup::search::Query;
use codegroup::{Dataset, System};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::app::AppContext;
use super::copy_button::CopyButton;
use super::with_dataset;
use crate::case_form::{CaseForm, Field, MAX_DIAGNOSES, MAX_PROCEDURES};
use crate::hooks::use_hash_route::navigate;
use crate::route::Route;
use crate::state::Data;

/// Suggestions under a code field while typing.
const SUGGESTIONS: usize = 6;

#[derive(Properties, PartialEq)]
pub struct GroupPageProps {
    pub case: CaseForm,
}

#[function_component]
pub fn GroupPage(props: &GroupPageProps) -> Html {
    let state = use_context::<AppContext>().expect("GroupPage is rendered inside App");
    let case = props.case.clone();
    with_reference(&state.data, |dataset, reference| {
        let (input, problems) = case.case();
        let grouping = grouping::group(reference, &dataset.classification, &input);
        let on_change = Callback::from(|case: CaseForm| navigate(&Route::Group { case }));
        let compare = Route::Compare {
            a: case.clone(),
            b: case.clone(),
        };
        html! {
            <>
                <h1 tabindex="-1">{ "Estimate the HRG and price of a stay" }</h1>
                <p class="nhsuk-body">
                    { "Add codes and the details of the stay; the result follows every change. " }
                    <a href={compare.to_hash()}>{ "Compare with another coding of the same stay" }</a>{ "." }
                </p>
                // The result comes first, so a phone opening a shared link shows it without scrolling.
                <div class="nhsuk-grid-row">
                    <div class="nhsuk-grid-column-one-half">
                        { result_panel(&grouping, None) }
                    </div>
                    <div class="nhsuk-grid-column-one-half">
                        <CaseEditor id="a" form={case.clone()} {problems} {on_change} />
                    </div>
                </div>
                <Export json={serde_json::json!({ "case": input, "grouping": grouping })} codes={keyed_codes(&case)} file="codegroup-case.json" />
            </>
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct ComparePageProps {
    pub a: CaseForm,
    pub b: CaseForm,
}

#[function_component]
pub fn ComparePage(props: &ComparePageProps) -> Html {
    let state = use_context::<AppContext>().expect("ComparePage is rendered inside App");
    with_reference(&state.data, |dataset, reference| {
        let (input_a, problems_a) = props.a.case();
        let (input_b, problems_b) = props.b.case();
        let a = grouping::group(reference, &dataset.classification, &input_a);
        let b = grouping::group(reference, &dataset.classification, &input_b);
        let change_a = {
            let b = props.b.clone();
            Callback::from(move |a: CaseForm| navigate(&Route::Compare { a, b: b.clone() }))
        };
        let change_b = {
            let a = props.a.clone();
            Callback::from(move |b: CaseForm| navigate(&Route::Compare { a: a.clone(), b }))
        };
        let difference = match (a.price_gbp, b.price_gbp) {
            (Some(pa), Some(pb)) => Some(signed_money(pb - pa)),
            _ => None,
        };
        let parting = a.trace.iter().zip(&b.trace).position(|(x, y)| x != y);
        html! {
            <>
                <h1 tabindex="-1">{ "Compare two codings of a stay" }</h1>
                <div class="nhsuk-card cg-difference">
                    <div class="nhsuk-card__content">
                        <h2 class="nhsuk-card__heading nhsuk-heading-m">
                            { "B against A: " }
                            <span class="cg-difference__amount">{ difference.unwrap_or_else(|| "no price to compare".into()) }</span>
                        </h2>
                        <p class="nhsuk-body">
                            { format!("A groups to {}, B to {}. ", a.hrg.as_deref().unwrap_or("no HRG"), b.hrg.as_deref().unwrap_or("no HRG")) }
                            { match parting {
                                Some(step) => format!("The groupings part at step {}.", step + 1),
                                None if a.trace == b.trace => "Every step of the grouping is the same.".to_string(),
                                None => format!("The groupings part at step {}.", a.trace.len().min(b.trace.len()) + 1),
                            } }
                        </p>
                    </div>
                </div>
                <div class="nhsuk-grid-row">
                    <div class="nhsuk-grid-column-one-half">
                        <h2 class="nhsuk-heading-l">{ "Case A" }</h2>
                        <CaseEditor id="a" form={props.a.clone()} problems={problems_a} on_change={change_a} other={Some(props.b.clone())} />
                        { result_panel(&a, parting) }
                    </div>
                    <div class="nhsuk-grid-column-one-half">
                        <h2 class="nhsuk-heading-l">{ "Case B" }</h2>
                        <CaseEditor id="b" form={props.b.clone()} problems={problems_b} on_change={change_b} other={Some(props.a.clone())} />
                        { result_panel(&b, parting) }
                    </div>
                </div>
                <Export
                    json={serde_json::json!({ "a": { "case": input_a, "grouping": a }, "b": { "case": input_b, "grouping": b } })}
                    codes={format!("A: {}\nB: {}", keyed_codes(&props.a), keyed_codes(&props.b))}
                    file="codegroup-comparison.json" />
            </>
        }
    })
}

/// Codes in the order a coder keys them: primary and secondary diagnoses, then procedures.
fn keyed_codes(form: &CaseForm) -> String {
    form.dx.iter().chain(&form.px).cloned().collect::<Vec<_>>().join(" ")
}

#[derive(Properties, PartialEq)]
struct ExportProps {
    json: serde_json::Value,
    codes: String,
    file: AttrValue,
}

/// Share and keep: the link, the codes as text, the case and result as JSON (a `data:` link, so
/// nothing leaves the browser), and a print view for handouts.
#[function_component]
fn Export(props: &ExportProps) -> Html {
    let json = serde_json::to_string_pretty(&props.json).unwrap_or_default();
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&json)
    );
    let print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <div class="cg-export">
            <h2 class="nhsuk-heading-m">{ "Share or keep" }</h2>
            <CopyButton text={AttrValue::from(share_link())} label="Copy the link" />
            <CopyButton text={AttrValue::from(props.codes.clone())} label="Copy the codes" />
            <p class="nhsuk-body">
                <a href={href} download={props.file.clone()}>{ "Download as JSON" }</a>
                { " · " }
                <button type="button" class="cg-link-button" onclick={print}>{ "Print" }</button>
            </p>
        </div>
    }
}

/// A page that needs the grouping data: decoded on first use; a clear message if it cannot be read.
fn with_reference(data: &Data, page: impl FnOnce(&Dataset, &grouping::Reference) -> Html) -> Html {
    with_dataset(data, |dataset| match dataset.hrg() {
        Ok(reference) => page(dataset, reference),
        Err(why) => html! {
            <>
                <h1 tabindex="-1">{ "Grouping is not available" }</h1>
                <p class="nhsuk-body">{ format!("The HRG reference data cannot be read: {why}.") }</p>
            </>
        },
    })
}

fn share_link() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

#[derive(Properties, PartialEq)]
struct CaseEditorProps {
    /// Distinguishes the element ids of case A and case B.
    id: AttrValue,
    form: CaseForm,
    problems: Vec<(Field, String)>,
    on_change: Callback<CaseForm>,
    /// The other case of a comparison: codes it lacks are highlighted.
    #[prop_or_default]
    other: Option<CaseForm>,
}

/// The codes in their slots (primary, secondary, procedures) and the details of the stay.
#[function_component]
fn CaseEditor(props: &CaseEditorProps) -> Html {
    let state = use_context::<AppContext>().expect("CaseEditor is rendered inside App");
    let Some(dataset) = state.data.ready() else {
        return Html::default();
    };
    let form = &props.form;
    let message = |field: Field| props.problems.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone());
    let change = |edit: Box<dyn Fn(&mut CaseForm)>| {
        let form = form.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: ()| {
            let mut next = form.clone();
            edit(&mut next);
            on_change.emit(next);
        })
    };
    let text_field = |field: Field,
                      name: &str,
                      label: &str,
                      hint: &str,
                      value: &str,
                      set: fn(&mut CaseForm, String)| {
        let id = format!("{}-{name}", props.id);
        let onchange = {
            let form = form.clone();
            let on_change = props.on_change.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let mut next = form.clone();
                set(&mut next, input.value().trim().to_string());
                on_change.emit(next);
            })
        };
        let error = message(field);
        html! {
            <div class={classes!("nhsuk-form-group", error.is_some().then_some("nhsuk-form-group--error"))}>
                <label class="nhsuk-label" for={id.clone()}>{ label }</label>
                <div class="nhsuk-hint" id={format!("{id}-hint")}>{ hint }</div>
                if let Some(error) = &error {
                    <span class="nhsuk-error-message" id={format!("{id}-error")}><span class="nhsuk-u-visually-hidden">{ "Error: " }</span>{ error }</span>
                }
                <input class={classes!("nhsuk-input", "nhsuk-input--width-5", error.is_some().then_some("nhsuk-input--error"))}
                    id={id.clone()} name={name.to_string()} type="text" inputmode="numeric" value={value.to_string()}
                    aria-describedby={if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") }}
                    {onchange} />
            </div>
        }
    };
    let choice = |field: Field,
                  name: &str,
                  legend: &str,
                  options: &[(&str, &str)],
                  value: &str,
                  set: fn(&mut CaseForm, String)| {
        let error = message(field);
        html! {
            <div class={classes!("nhsuk-form-group", error.is_some().then_some("nhsuk-form-group--error"))}>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{ legend }</legend>
                    if let Some(error) = &error {
                        <span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">{ "Error: " }</span>{ error }</span>
                    }
                    <div class="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
                        { for options.iter().map(|(option, label)| {
                            let id = format!("{}-{name}-{option}", props.id);
                            let option = option.to_string();
                            let onchange = {
                                let form = form.clone();
                                let on_change = props.on_change.clone();
                                let option = option.clone();
                                Callback::from(move |_: Event| {
                                    let mut next = form.clone();
                                    set(&mut next, option.clone());
                                    on_change.emit(next);
                                })
                            };
                            html! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id={id.clone()} name={format!("{}-{name}", props.id)} type="radio"
                                        value={option.clone()} checked={value == option} {onchange} />
                                    <label class="nhsuk-label nhsuk-radios__label" for={id}>{ *label }</label>
                                </div>
                            }
                        }) }
                    </div>
                </fieldset>
            </div>
        }
    };

    let adm = if form.adm.is_empty() {
        "non-elective"
    } else {
        form.adm.as_str()
    };
    html! {
        <div class="cg-case">
            { code_slot(dataset, props, System::Icd10, message(Field::Diagnoses), &change) }
            { code_slot(dataset, props, System::Opcs4, message(Field::Procedures), &change) }
            <p class="nhsuk-body cg-print-only">{ stay_summary(form) }</p>
            { text_field(Field::Age, "age", "Age", "In years", &form.age, |f, v| f.age = v) }
            { choice(Field::Sex, "sex", "Sex", &[("male", "Male"), ("female", "Female"), ("unknown", "Unknown")],
                if form.sex.is_empty() { "unknown" } else { &form.sex }, |f, v| f.sex = v) }
            { choice(Field::Admission, "adm", "Admission", &[("elective", "Elective"), ("non-elective", "Non-elective"), ("day-case", "Day case")],
                adm, |f, v| f.adm = v) }
            { text_field(Field::Stay, "los", "Length of stay", "In days", &form.los, |f, v| f.los = v) }
            { provider_field(props) }
        </div>
    }
}

/// The stay in one line, for the print view (which leaves out the form fields).
fn stay_summary(form: &CaseForm) -> String {
    let (case, _) = form.case();
    let mut parts = vec![
        case.age.label(),
        case.sex.label().to_string(),
        case.admission.label().to_string(),
        format!("{} days", case.los_days),
    ];
    if let Some(provider) = &case.provider {
        parts.push(format!("provider {provider}"));
    }
    parts.join(", ")
}

type Change<'a> = dyn Fn(Box<dyn Fn(&mut CaseForm)>) -> Callback<()> + 'a;

/// Diagnoses (the first is the primary) or procedures: each code with its title and buttons to
/// move it up, down or out, then a field to add one.
fn code_slot(
    dataset: &Dataset,
    props: &CaseEditorProps,
    system: System,
    problem: Option<String>,
    change: &Change,
) -> Html {
    let codes = match system {
        System::Icd10 => &props.form.dx,
        System::Opcs4 => &props.form.px,
    };
    let other_codes: Option<&Vec<String>> = props.other.as_ref().map(|o| match system {
        System::Icd10 => &o.dx,
        System::Opcs4 => &o.px,
    });
    let (heading, role) = match system {
        System::Icd10 => ("Diagnoses (ICD-10)", "diagnosis"),
        System::Opcs4 => ("Procedures (OPCS-4)", "procedure"),
    };
    let full = codes.len()
        >= if system == System::Icd10 {
            MAX_DIAGNOSES
        } else {
            MAX_PROCEDURES
        };
    let add = {
        let form = props.form.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |code: String| {
            let mut next = form.clone();
            match system {
                System::Icd10 => next.dx.push(code),
                System::Opcs4 => next.px.push(code),
            }
            on_change.emit(next);
        })
    };
    html! {
        <div class={classes!("nhsuk-form-group", "cg-codes", problem.is_some().then_some("nhsuk-form-group--error"))}>
            <h3 class="nhsuk-heading-s">{ heading }</h3>
            if let Some(problem) = &problem {
                <span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">{ "Error: " }</span>{ problem }</span>
            }
            if codes.is_empty() {
                <p class="nhsuk-body-s">{ format!("No {role} yet.") }</p>
            } else {
                <ol class="cg-slot">
                    { for codes.iter().enumerate().map(|(i, code)| {
                        let concept = dataset.classification.find(system, code).and_then(|id| dataset.classification.get(id));
                        let differs = other_codes.is_some_and(|o| !o.contains(code));
                        let position = match (system, i) {
                            (System::Icd10, 0) => "Primary",
                            (System::Icd10, _) => "Secondary",
                            (System::Opcs4, 0) => "Primary procedure",
                            (System::Opcs4, _) => "Secondary procedure",
                        };
                        let edit = |f: fn(&mut Vec<String>, usize)| {
                            change(Box::new(move |form: &mut CaseForm| match system {
                                System::Icd10 => f(&mut form.dx, i),
                                System::Opcs4 => f(&mut form.px, i),
                            }))
                        };
                        let up = edit(|v, i| v.swap(i - 1, i));
                        let down = edit(|v, i| v.swap(i, i + 1));
                        let remove = edit(|v, i| {
                            v.remove(i);
                        });
                        html! {
                            <li class={classes!("cg-slot__code", differs.then_some("cg-slot__code--differs"))} data-code={code.clone()}>
                                <span class="cg-slot__position">{ position }</span>
                                if differs {
                                    <strong class="nhsuk-tag nhsuk-tag--yellow cg-tag">{ "only in this case" }</strong>
                                }
                                <span class="cg-code">{ concept.map_or(code.clone(), |c| c.code.clone()) }</span>{ " " }
                                <span>{ concept.map_or_else(|| format!("not an {} code in this data", system.label()), |c| c.title.clone()) }</span>
                                <span class="cg-slot__actions">
                                    if i > 0 {
                                        <button type="button" class="cg-link-button" onclick={up.reform(|_| ())}>
                                            { "Up" }<span class="nhsuk-u-visually-hidden">{ format!(": move {code} up") }</span>
                                        </button>
                                    }
                                    if i + 1 < codes.len() {
                                        <button type="button" class="cg-link-button" onclick={down.reform(|_| ())}>
                                            { "Down" }<span class="nhsuk-u-visually-hidden">{ format!(": move {code} down") }</span>
                                        </button>
                                    }
                                    <button type="button" class="cg-link-button" onclick={remove.reform(|_| ())}>
                                        { "Remove" }<span class="nhsuk-u-visually-hidden">{ format!(" {code}") }</span>
                                    </button>
                                </span>
                            </li>
                        }
                    }) }
                </ol>
            }
            if !full {
                <CodeAdder id={format!("{}-add-{}", props.id, system.as_str())} {system} on_add={add} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CodeAdderProps {
    id: String,
    system: System,
    on_add: Callback<String>,
}

/// A code field with suggestions from the search core: Enter adds the highlighted (or first)
/// suggestion, ↑/↓ move, Esc clears.
#[function_component]
fn CodeAdder(props: &CodeAdderProps) -> Html {
    let state = use_context::<AppContext>().expect("CodeAdder is rendered inside App");
    let text = use_state(String::new);
    let active = use_state(|| 0usize);
    let Some(dataset) = state.data.ready() else {
        return Html::default();
    };
    let suggestions: Vec<(String, String)> = if text.trim().is_empty() {
        Vec::new()
    } else {
        let results = dataset.search.search(
            &dataset.classification,
            &Query {
                text: &text,
                system: Some(props.system),
                limit: SUGGESTIONS,
            },
        );
        results
            .hits
            .iter()
            .filter_map(|hit| dataset.classification.get(hit.id))
            .filter(|c| !matches!(c.kind, codegroup::Kind::Chapter | codegroup::Kind::Block))
            .map(|c| (c.code.clone(), c.title.clone()))
            .collect()
    };
    let list_id = format!("{}-suggestions", props.id);
    let option_id = |i: usize| format!("{}-option-{i}", props.id);
    let add = {
        let on_add = props.on_add.clone();
        let text = text.clone();
        let active = active.clone();
        Callback::from(move |code: String| {
            on_add.emit(code);
            text.set(String::new());
            active.set(0);
        })
    };
    let oninput = {
        let text = text.clone();
        let active = active.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            text.set(input.value());
            active.set(0);
        })
    };
    let onkeydown = {
        let suggestions = suggestions.clone();
        let active = active.clone();
        let text = text.clone();
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" if !suggestions.is_empty() => {
                e.prevent_default();
                active.set((*active + 1).min(suggestions.len() - 1));
            }
            "ArrowUp" => {
                e.prevent_default();
                active.set(active.saturating_sub(1));
            }
            "Enter" => {
                e.prevent_default();
                if let Some((code, _)) = suggestions.get(*active) {
                    add.emit(code.clone());
                }
            }
            "Escape" => {
                e.prevent_default();
                text.set(String::new());
            }
            _ => {}
        })
    };
    let label = match props.system {
        System::Icd10 => "Add a diagnosis",
        System::Opcs4 => "Add a procedure",
    };
    let expanded = !suggestions.is_empty();
    html! {
        <div class="cg-adder">
            <label class="nhsuk-label nhsuk-label--s" for={props.id.clone()}>{ label }</label>
            <div class="nhsuk-hint" id={format!("{}-hint", props.id)}>{ "A code or words; Enter adds the highlighted suggestion" }</div>
            <input class="nhsuk-input" id={props.id.clone()} type="text" role="combobox" aria-autocomplete="list"
                aria-expanded={expanded.to_string()} aria-controls={expanded.then(|| list_id.clone())}
                aria-activedescendant={expanded.then(|| option_id(*active))} aria-describedby={format!("{}-hint", props.id)}
                autocomplete="off" spellcheck="false" value={(*text).clone()} {oninput} {onkeydown} />
            if expanded {
                <div id={list_id} role="listbox" aria-label={format!("{label}: suggestions")} class="cg-results cg-suggestions">
                    { for suggestions.iter().enumerate().map(|(i, (code, title))| {
                        let onclick = {
                            let add = add.clone();
                            let code = code.clone();
                            Callback::from(move |_: MouseEvent| add.emit(code.clone()))
                        };
                        html! {
                            <div role="option" id={option_id(i)} aria-selected={(i == *active).to_string()} data-code={code.clone()}
                                class={classes!("cg-result", (i == *active).then_some("cg-result--active"))} {onclick}>
                                <span class="cg-code">{ code }</span>{ " " }{ title }
                            </div>
                        }
                    }) }
                </div>
            }
        </div>
    }
}

fn provider_field(props: &CaseEditorProps) -> Html {
    let id = format!("{}-mff", props.id);
    let onchange = {
        let form = props.form.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = form.clone();
            next.mff = input.value().trim().to_ascii_uppercase();
            on_change.emit(next);
        })
    };
    html! {
        <div class="nhsuk-form-group">
            <label class="nhsuk-label" for={id.clone()}>{ "Provider (optional)" }</label>
            <div class="nhsuk-hint" id={format!("{id}-hint")}>{ "ODS code, to apply its Market Forces Factor, e.g. RCF" }</div>
            <input class="nhsuk-input nhsuk-input--width-5" id={id.clone()} type="text" value={props.form.mff.clone()}
                aria-describedby={format!("{id}-hint")} autocomplete="off" spellcheck="false" {onchange} />
        </div>
    }
}

/// HRG, price, CC score, warnings, what each code adds and the trace (with `parting`, the step
/// where a comparison's two groupings differ, marked).
fn result_panel(g: &Grouping, parting: Option<usize>) -> Html {
    html! {
        <section class="cg-result-panel" aria-label="Indicative result">
            <div class="nhsuk-card">
                <div class="nhsuk-card__content">
                    <strong class="nhsuk-tag nhsuk-tag--blue">{ "Indicative" }</strong>
                    <p class="nhsuk-heading-l cg-hrg">
                        <span class="cg-code">{ g.hrg.clone().unwrap_or_else(|| "No HRG".into()) }</span>
                    </p>
                    if let Some(description) = &g.description {
                        <p class="nhsuk-body">{ description }</p>
                    }
                    if let Some(reason) = &g.reason {
                        <p class="nhsuk-body">{ reason }</p>
                    }
                    <dl class="nhsuk-summary-list">
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{ "Price" }</dt>
                            <dd class="nhsuk-summary-list__value cg-price" data-gbp={g.price_gbp.map(|p| p.to_string())}>
                                { g.price_gbp.map_or_else(|| "Not priced".to_string(), |p| format!("{} ({}, {})", money(p), g.price_basis, g.price_year)) }
                            </dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{ "CC score" }</dt>
                            <dd class="nhsuk-summary-list__value">{ format!("at least {}", g.cc_score.at_least) }</dd>
                        </div>
                        if let Some(factor) = g.mff_factor {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{ "Market Forces Factor" }</dt>
                                <dd class="nhsuk-summary-list__value">{ format!("{factor}") }</dd>
                            </div>
                        }
                        if !g.unbundled.is_empty() {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{ "Unbundled" }</dt>
                                <dd class="nhsuk-summary-list__value cg-unbundled">
                                    { for g.unbundled.iter().map(|u| html! {
                                        <span class="cg-unbundled-item"><span class="cg-code">{ &u.code }</span>{ format!(" → {} {}", u.root, u.name) }<br /></span>
                                    }) }
                                    <span class="nhsuk-body-s">{ "Priced apart from the core HRG; not in this estimate." }</span>
                                </dd>
                            </div>
                        }
                        if g.excess_bed_days > 0 {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{ "Excess bed days" }</dt>
                                <dd class="nhsuk-summary-list__value">{ format!("{} (not priced: no per-day rate in the sources)", g.excess_bed_days) }</dd>
                            </div>
                        }
                    </dl>
                    <p class="nhsuk-body-s cg-indicative">{ &g.indicative }</p>
                </div>
            </div>
            if !g.warnings.is_empty() {
                <div class="nhsuk-warning-callout">
                    <h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">{ "Important: " }</span>{ "Check the coding" }</span></h3>
                    <ul class="nhsuk-list nhsuk-list--bullet cg-warnings">
                        { for g.warnings.iter().map(|w| html! { <li data-edit={edit_name(w.edit)}>{ &w.message }</li> }) }
                    </ul>
                </div>
            }
            if !g.marginal.is_empty() {
                <h3 class="nhsuk-heading-s">{ "What each code adds" }</h3>
                <table class="nhsuk-table cg-marginal">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{ "The case regrouped without each code" }</caption>
                    <thead class="nhsuk-table__head">
                        <tr class="nhsuk-table__row">
                            <th scope="col" class="nhsuk-table__header">{ "Without" }</th>
                            <th scope="col" class="nhsuk-table__header">{ "HRG" }</th>
                            <th scope="col" class="nhsuk-table__header">{ "Price change" }</th>
                        </tr>
                    </thead>
                    <tbody class="nhsuk-table__body">
                        { for g.marginal.iter().map(|m| html! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell"><span class="cg-code">{ &m.without }</span>{ format!(" ({})", m.role) }</td>
                                <td class="nhsuk-table__cell">{ m.hrg.clone().unwrap_or_else(|| "none".into()) }</td>
                                <td class="nhsuk-table__cell">{ m.change_gbp.map_or_else(|| "–".to_string(), signed_money) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            <details class="nhsuk-details" open={parting.is_some()}>
                <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{ "How it was grouped" }</span></summary>
                <div class="nhsuk-details__text">
                    <ol class="nhsuk-list nhsuk-list--number cg-trace">
                        { for g.trace.iter().enumerate().map(|(i, line)| html! {
                            <li class={classes!((parting == Some(i)).then_some("cg-trace--parting"))}>{ line }</li>
                        }) }
                    </ol>
                </div>
            </details>
        </section>
    }
}

/// The edit's machine name (`sex-conflict`), as in the JSON output and the reference cases.
fn edit_name(edit: grouping::Edit) -> String {
    serde_json::to_value(edit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `+£582`, `−£582`.
fn signed_money(gbp: f64) -> String {
    let sign = if gbp > 0.0 {
        "+"
    } else if gbp < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{}", money(gbp.abs()))
}
