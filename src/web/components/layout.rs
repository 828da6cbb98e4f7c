use codegroup::System;
use yew::prelude::*;

use crate::case_form::CaseForm;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub route: Route,
    /// The estimator's case, so its menu link returns to it.
    pub case: CaseForm,
}

/// The NHS.UK header pattern: service name and the app's sections.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let current = |section: &Route| match (section, &props.route) {
        (Route::Search { .. }, Route::Search { .. }) | (Route::About, Route::About) => true,
        (Route::Browse { system: a, .. }, Route::Browse { system: b, .. }) => a == b,
        (Route::Group { .. }, Route::Group { .. } | Route::Compare { .. }) => true,
        _ => false,
    };
    let sections = [
        ("Search", Route::HOME),
        (
            "Browse ICD-10",
            Route::Browse {
                system: System::Icd10,
                code: None,
            },
        ),
        (
            "Browse OPCS-4",
            Route::Browse {
                system: System::Opcs4,
                code: None,
            },
        ),
        (
            "Estimate HRG",
            Route::Group {
                case: props.case.clone(),
            },
        ),
        ("About the data", Route::About),
    ];
    html! {
        <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-name" href={Route::HOME.to_hash()}>{ "Codegroup" }</a>
                </div>
            </div>
            <nav class="nhsuk-header__navigation" aria-label="Menu">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list cg-navigation-list">
                        { for sections.iter().map(|(label, route)| {
                            let is_current = current(route);
                            html! {
                                <li class={classes!("nhsuk-header__navigation-item", is_current.then_some("nhsuk-header__navigation-item--current"))}>
                                    <a class="nhsuk-header__navigation-link" href={route.to_hash()} aria-current={is_current.then_some("page")}>{ *label }</a>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            </nav>
        </header>
    }
}

#[function_component]
pub fn Footer() -> Html {
    html! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">{ "Support links" }</h2>
                    <ul class="nhsuk-footer__list">
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href={Route::About.to_hash()}>{ "About the data and its limits" }</a>
                        </li>
                    </ul>
                    <p class="nhsuk-body-s">
                        { "Codegroup runs entirely in this browser: searches and viewed codes are never sent anywhere. \
                           It is a reference aid, not a replacement for the ICD-10 and OPCS-4 classification books." }
                    </p>
                </div>
            </div>
        </footer>
    }
}
