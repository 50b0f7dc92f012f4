//! What the agenda reads from the API, page after page, and the words for what it reads.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use turnaki_shared::api::bookings::{BookingView, CalendarQuery};
use turnaki_shared::api::paths;
use turnaki_shared::api::{MAX_PAGE_SIZE, Page};
use turnaki_shared::domain::{Chair, Professional, ReminderKind, ReminderStatus, Tenant, Treatment};
use turnaki_shared::ids::{ChairId, ProfessionalId, TenantId, TreatmentId};

use crate::api::{ApiError, Client, with_cursor};
use crate::calendar::Scope;
use crate::i18n::Lang;

/// Pages followed before the agenda stops and says it shows only part: 10 × 200 bookings
/// is far beyond a clinic's week, so hitting it means something is off.
const MAX_PAGES: usize = 10;

/// A list read to its end, or to [`MAX_PAGES`].
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    /// What was read.
    pub items: Vec<T>,
    /// Whether more pages were left unread.
    pub truncated: bool,
}

/// Reads `path` and every page after it.
pub async fn every_page<T: DeserializeOwned>(client: &Client, path: &str) -> Result<Listing<T>, ApiError> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page: Page<T> = client.get(&with_cursor(path, cursor.as_deref())).await?;
        items.extend(page.items);
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    Ok(Listing {
        items,
        truncated: cursor.is_some(),
    })
}

/// The clinic's professionals, treatments and chairs, for names and choices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalog {
    /// Everyone, archived ones too (old bookings still name them).
    pub professionals: Vec<Professional>,
    /// Every treatment.
    pub treatments: Vec<Treatment>,
    /// Every chair.
    pub chairs: Vec<Chair>,
}

impl Catalog {
    /// A professional's name.
    pub fn professional(&self, id: ProfessionalId) -> String {
        self.professionals
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| "—".into(), |p| p.name.clone())
    }

    /// A treatment's name.
    pub fn treatment(&self, id: TreatmentId) -> String {
        self.treatments
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| "—".into(), |t| t.name.clone())
    }

    /// A chair's name.
    pub fn chair(&self, id: ChairId) -> String {
        self.chairs
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| "—".into(), |c| c.name.clone())
    }
}

/// The clinic and its catalogue, read once when the agenda opens.
pub async fn load_clinic(client: &Client, tenant: TenantId) -> Result<(Tenant, Catalog), ApiError> {
    let clinic: Tenant = client.get(&paths::tenant(tenant)).await?;
    let catalog = Catalog {
        professionals: every_page(client, &paths::professionals()).await?.items,
        treatments: every_page(client, &paths::treatments()).await?.items,
        chairs: every_page(client, &paths::chairs()).await?.items,
    };
    Ok((clinic, catalog))
}

/// Which bookings the calendar shows: the days around a date, maybe one professional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// One professional's bookings only.
    pub professional: Option<ProfessionalId>,
}

impl Query {
    /// The days `scope` shows around `day`.
    pub fn new(scope: Scope, day: NaiveDate, professional: Option<ProfessionalId>) -> Self {
        let (from, to) = scope.range(day);
        Self { from, to, professional }
    }

    /// The calendar's address, biggest pages first.
    fn path(&self) -> String {
        let query = CalendarQuery {
            from: Some(self.from.to_string()),
            to: Some(self.to.to_string()),
            professional_id: self.professional.map(|p| p.to_string()),
            limit: Some(MAX_PAGE_SIZE.to_string()),
            ..CalendarQuery::default()
        };
        paths::with_query(paths::bookings(), &query)
    }
}

/// The bookings `query` names.
pub async fn load_bookings(client: &Client, query: Query) -> Result<Listing<BookingView>, ApiError> {
    every_page(client, &query.path()).await
}

/// Which reminder, as people say it.
pub fn reminder_kind_word(lang: Lang, kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::Ahead => lang.pick("Anticipado", "Ahead"),
        ReminderKind::SameDay => lang.pick("El mismo día", "Same day"),
        ReminderKind::Confirm => lang.pick("Petición de confirmación", "Confirmation request"),
    }
}

/// Where a reminder's sending stands, as people say it.
pub fn reminder_status_word(lang: Lang, status: ReminderStatus) -> &'static str {
    let (es, en) = match status {
        ReminderStatus::Pending => ("pendiente", "pending"),
        ReminderStatus::Sending => ("enviándose", "sending"),
        ReminderStatus::Sent => ("enviado", "sent"),
        ReminderStatus::Failed => ("falló", "failed"),
        ReminderStatus::Missed => ("no alcanzó a salir", "missed"),
    };
    lang.pick(es, en)
}
