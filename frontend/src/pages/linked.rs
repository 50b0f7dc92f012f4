//! What every page a message's link opens shares, whatever the link acts on (a booking, a
//! waitlist offer): the clinic's frame, the token from the address's fragment (never sent to a
//! server in a URL; it travels in request bodies), reading the subject (which changes
//! nothing), acting on it, and what the page says once the link did what it asked.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use serde::de::DeserializeOwned;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::links::{LinkActInput, LinkInput};
use turnaki_shared::api::problem::{Problem, ProblemCode};
use turnaki_shared::domain::LinkAction;

use super::clinic::{clinic_profile, slug_param, with_clinic};
use crate::api::ApiError;
use crate::i18n::{Lang, lang};
use crate::session::state;
use crate::ui::{Failure, Loading};

/// The token of the address's fragment (`#<token>`), without the `#`.
pub fn token_of(hash: &str) -> String {
    hash.strip_prefix('#').unwrap_or(hash).trim().to_owned()
}

/// What the page says once the link did what it asked.
pub fn done_words(lang: Lang, action: LinkAction) -> &'static str {
    match action {
        LinkAction::Confirm => lang.pick(
            "Gracias: su asistencia está confirmada.",
            "Thank you: your attendance is confirmed.",
        ),
        LinkAction::Cancel => lang.pick(
            "Su cita está cancelada. Le enviamos un correo.",
            "Your appointment is cancelled. We emailed you.",
        ),
        LinkAction::Reschedule => lang.pick(
            "Su cita tiene una nueva hora. Le enviamos un correo.",
            "Your appointment has a new time. We emailed you.",
        ),
        LinkAction::Take => lang.pick(
            "Reservada: la hora es suya. Le enviamos la confirmación por correo.",
            "Booked: the time is yours. We sent you a confirmation.",
        ),
        LinkAction::Decline => lang.pick(
            "Gracias por avisar: se la ofreceremos a otro paciente. Sigue en la lista de espera.",
            "Thank you for letting us know: we will offer it to another patient. You stay on the waitlist.",
        ),
    }
}

/// The page's frame: the clinic (its language becomes the page's), a heading with its name,
/// and `body` with the clinic, the id the path's `param` names and the fragment's token.
pub fn link_frame<V: IntoView + 'static>(
    heading: fn(Lang) -> &'static str,
    param: &'static str,
    body: impl Fn(ClinicProfile, String, String) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let profile = clinic_profile(slug_param());
    let params = use_params_map();
    let subject = Memo::new(move |_| params.read().get(param).unwrap_or_default());
    let location = use_location();
    let token = Memo::new(move |_| token_of(&location.hash.get()));
    view! {
        <div class="narrow">
            {with_clinic(profile, move |p| {
                let body = body.clone();
                view! {
                    <h1>{move || heading(lang())} " · " {p.name.clone()}</h1>
                    {move || body(p.clone(), subject.get(), token.get())}
                }
            })}
        </div>
    }
}

/// One link's calls and what the page shows of them: `V` is the subject as the server shows
/// it (the same answer for reading and for every act).
pub struct LinkState<V: Send + Sync + 'static> {
    token: StoredValue<String>,
    acts: StoredValue<Vec<(LinkAction, String)>>,
    /// The subject as the server last showed it.
    pub shown: RwSignal<Option<V>>,
    /// What the last press did.
    pub done: RwSignal<Option<LinkAction>>,
    /// Whether a press is under way.
    pub busy: RwSignal<bool>,
    /// The last call's failure (a refused token, an act no longer possible).
    pub failure: Failure,
}

impl<V: Send + Sync + 'static> Clone for LinkState<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V: Send + Sync + 'static> Copy for LinkState<V> {}

impl<V: DeserializeOwned + Clone + Send + Sync + 'static> LinkState<V> {
    /// The link's `token`, and the path of each act it may ask for.
    pub fn new(token: String, acts: impl IntoIterator<Item = (LinkAction, String)>) -> Self {
        Self {
            token: StoredValue::new(token),
            acts: StoredValue::new(acts.into_iter().collect()),
            shown: RwSignal::new(None),
            done: RwSignal::new(None),
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }

    /// Reads the subject at `path`, which changes nothing; `first` runs on the first answer.
    /// A link without a token is refused here, as the server would.
    pub fn open(self, path: String, first: impl Fn(&V) + 'static) -> LocalResource<Result<V, ApiError>> {
        let path = StoredValue::new(path);
        let token = self.token;
        let opened = LocalResource::new(move || {
            let client = state().client();
            let (path, token) = (path.get_value(), token.get_value());
            async move {
                if token.is_empty() {
                    return Err(ApiError::Problem(Box::new(Problem::new(
                        401,
                        ProblemCode::LinkInvalid,
                        "The link has no token",
                    ))));
                }
                client.post::<_, V>(&path, &LinkInput { token }).await
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(v)) = opened.get() {
                let first_answer = self.shown.get_untracked().is_none();
                self.shown.set(Some(v.clone()));
                if first_answer {
                    first(&v);
                }
            }
        });
        opened
    }

    /// Asks the link to do `action` (`start`: a reschedule's new time).
    pub fn act(self, action: LinkAction, start: Option<String>) {
        let path = self
            .acts
            .with_value(|all| all.iter().find(|(a, _)| *a == action).map(|(_, p)| p.clone()));
        let Some(path) = path else { return };
        let client = state().client();
        let input = LinkActInput {
            token: self.token.get_value(),
            start,
        };
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            match client.post::<_, V>(&path, &input).await {
                Ok(v) => {
                    self.failure.set(None);
                    self.shown.set(Some(v));
                    self.done.set(Some(action));
                }
                Err(e) => self.failure.set(Some(e)),
            }
            self.busy.set(false);
        });
    }

    /// What the last press did, announced (`testid` names the paragraph).
    pub fn done_note(self, testid: &'static str) -> impl IntoView {
        view! {
            <p role="status" aria-live="polite" class="success" data-testid=testid>
                {move || self.done.get().map(|action| done_words(lang(), action))}
            </p>
        }
    }

    /// The subject as `render` shows it once read; loading until then; a refusal goes to the
    /// failure banner.
    pub fn showing<W: IntoView + 'static>(
        self,
        opened: LocalResource<Result<V, ApiError>>,
        render: impl Fn(V) -> W + Send + Sync + 'static,
    ) -> impl IntoView {
        move || match (opened.get(), self.shown.get()) {
            (Some(Err(e)), None) => {
                self.failure.set(Some(e));
                ().into_any()
            }
            (_, None) => view! { <Loading /> }.into_any(),
            (_, Some(v)) => render(v).into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_the_fragment_without_its_hash() {
        assert_eq!(token_of("#v1.A.B.confirm.1~mac"), "v1.A.B.confirm.1~mac");
        assert_eq!(token_of(""), "");
    }

    #[test]
    fn every_act_a_link_can_do_is_said_in_both_languages() {
        for action in LinkAction::ALL {
            assert_ne!(done_words(Lang::Es, action), done_words(Lang::En, action), "{action}");
        }
        assert!(done_words(Lang::En, LinkAction::Take).starts_with("Booked"));
    }
}
