//! The app's one state and the one place it changes: `State::reduce`. Components render it and
//! send `Action`s; hooks turn browser events (hash changes, the loaded bundle) into actions and
//! persist what must survive a reload (recently viewed codes).

use std::rc::Rc;

use codegroup::search::{Query, Results};
use codegroup::{Dataset, System};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::case_form::CaseForm;
use crate::route::Route;

/// How many results one query shows: enough to scan, few enough to paint in a frame.
pub const RESULT_LIMIT: usize = 20;
/// How many recently viewed codes are kept.
pub const RECENT_LIMIT: usize = 12;

#[derive(Clone)]
pub enum Data {
    Loading,
    Ready(Rc<Dataset>),
    Failed(String),
}

/// The same dataset, not an equal copy (a dataset is loaded once and never changes).
impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        match (self, other) {
            (Data::Loading, Data::Loading) => true,
            (Data::Ready(a), Data::Ready(b)) => Rc::ptr_eq(a, b),
            (Data::Failed(a), Data::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl Data {
    pub fn ready(&self) -> Option<&Dataset> {
        match self {
            Data::Ready(dataset) => Some(dataset),
            _ => None,
        }
    }
}

/// A code the user opened, kept in local storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewed {
    pub system: System,
    pub code: String,
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub route: Route,
    pub data: Data,
    pub query: String,
    /// `None`: both classifications.
    pub system: Option<System>,
    /// Results for `query` and `system` over `data`.
    pub results: Rc<Results>,
    /// The highlighted result (↑/↓), if any.
    pub active: Option<usize>,
    /// Most recent first.
    pub recent: Vec<Viewed>,
    /// The case last opened in the estimator (case A of a comparison); code pages add to it.
    pub case: CaseForm,
}

pub enum Action {
    /// Boxed: a comparison route carries two cases.
    Navigate(Box<Route>),
    Loaded(Rc<Dataset>),
    LoadFailed(String),
    Type(String),
    Filter(Option<System>),
    /// Move the highlight by this many results (↑ is -1, ↓ is +1).
    Move(isize),
    ClearRecent,
}

impl State {
    pub fn new(route: Route, recent: Vec<Viewed>) -> State {
        let mut state = State {
            route: Route::HOME,
            data: Data::Loading,
            query: String::new(),
            system: None,
            results: Rc::default(),
            active: None,
            recent,
            case: CaseForm::default(),
        };
        state.navigate(route);
        state
    }

    fn navigate(&mut self, route: Route) {
        if let Route::Search { query, system } = &route {
            if let Some(query) = query {
                self.query = query.clone();
            }
            if query.is_some() || system.is_some() {
                self.system = *system;
            }
            self.search();
        }
        if let Route::Group { case } | Route::Compare { a: case, .. } = &route {
            self.case = case.clone();
        }
        self.route = route;
        self.remember_viewed();
    }

    /// Put the code of a code page at the top of the recently viewed list.
    fn remember_viewed(&mut self) {
        let (Route::Code { system, code }, Some(dataset)) = (&self.route, self.data.ready()) else {
            return;
        };
        let Some(concept) = dataset
            .classification
            .find(*system, code)
            .and_then(|id| dataset.classification.get(id))
        else {
            return;
        };
        let viewed = Viewed {
            system: concept.system,
            code: concept.code.clone(),
        };
        self.recent.retain(|v| *v != viewed);
        self.recent.insert(0, viewed);
        self.recent.truncate(RECENT_LIMIT);
    }

    fn search(&mut self) {
        self.active = None;
        self.results = Rc::new(match self.data.ready() {
            Some(dataset) => dataset.search.search(
                &dataset.classification,
                &Query {
                    text: &self.query,
                    system: self.system,
                    limit: RESULT_LIMIT,
                },
            ),
            None => Results::default(),
        });
    }

    /// The search URL for the current query and filter.
    pub fn search_route(&self) -> Route {
        Route::Search {
            query: Some(self.query.clone()),
            system: self.system,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        match action {
            Action::Navigate(route) => state.navigate(*route),
            Action::Loaded(dataset) => {
                state.data = Data::Ready(dataset);
                state.search();
                state.remember_viewed();
            }
            Action::LoadFailed(message) => state.data = Data::Failed(message),
            Action::Type(query) => {
                state.query = query;
                state.search();
            }
            Action::Filter(system) => {
                state.system = system;
                state.search();
            }
            Action::Move(by) => {
                let count = state.results.hits.len();
                state.active = match (state.active, count) {
                    (_, 0) => None,
                    (None, _) if by > 0 => Some(0),
                    (None, _) => Some(count - 1),
                    (Some(i), _) => Some((i as isize + by).clamp(0, count as isize - 1) as usize),
                };
            }
            Action::ClearRecent => state.recent.clear(),
        }
        Rc::new(state)
    }
}
