//! Checking a slot against the clinic's rules: the treatment and professional exist and go
//! together, the start is on the grid and in the booking window, the professional works
//! then and is not away, and which chairs could host it, free ones first.

use chrono::{DateTime, Datelike, Utc};

use super::slot_lock;
use super::{BookingEngine, BookingError, Resource, grid_of};
use crate::api::fields::Invalid;
use crate::catalog;
use crate::domain::{Professional, Tenant, Treatment, granule_count};
use crate::ids::{ChairId, ProfessionalId, TreatmentId};

/// A validated slot: what is booked, when, and which chairs may host it.
pub(super) struct Plan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub granules: Vec<DateTime<Utc>>,
    /// Chairs to try, in order; `[None]` when the clinic does not schedule chairs.
    pub chairs: Vec<Option<ChairId>>,
}

impl BookingEngine {
    /// Checks a slot against the clinic's rules and lists the chairs that could host it.
    pub(super) async fn plan(
        &self,
        tenant: &Tenant,
        professional_id: ProfessionalId,
        treatment_id: TreatmentId,
        start: DateTime<Utc>,
        chair_id: Option<ChairId>,
        by_staff: bool,
    ) -> Result<Plan, BookingError> {
        let now = self.now();
        let grid = grid_of(tenant);
        let (treatment, professional) = futures::try_join!(
            self.catalog.treatment(tenant.id, treatment_id),
            self.catalog.professional(tenant.id, professional_id),
        )?;
        let (treatment, professional) = match (treatment, professional) {
            (Some(t), Some(p)) => (t, p),
            (t, p) => {
                // Both at once, so the answer names every field to fix.
                let mut fields = Vec::new();
                if t.is_none() {
                    fields.push(catalog::unknown("treatment_id", "treatment"));
                }
                if p.is_none() {
                    fields.push(catalog::unknown("professional_id", "professional"));
                }
                return Err(Invalid(fields).into());
            }
        };
        if !treatment.active || !professional.performs(treatment.id) {
            return Err(BookingError::TreatmentNotOffered);
        }
        if !grid.is_on_grid(start) {
            return Err(BookingError::OffGrid(grid.step().minutes()));
        }
        // `start` comes from a request: the API bounds it to the era, and the engine still
        // refuses rather than panics if a caller passes chrono's last minutes.
        let end = start
            .checked_add_signed(treatment.duration())
            .ok_or(BookingError::BadRange)?;
        let blocked_until = end
            .checked_add_signed(treatment.buffer())
            .ok_or(BookingError::BadRange)?;
        let in_window = if by_staff {
            blocked_until > now
        } else {
            start >= tenant.rules.earliest_start(now) && start <= tenant.rules.latest_start(now)
        };
        if !in_window {
            return Err(BookingError::OutsideBookingWindow);
        }
        if !works(&grid, &professional, start, blocked_until) {
            return Err(BookingError::OutsideHours);
        }
        let away = self.catalog.all_time_off(tenant.id, start, blocked_until).await?;
        if away.iter().any(|t| t.applies_to(professional_id)) {
            return Err(BookingError::OutsideHours);
        }
        let granules: Vec<_> = grid.granules(start, blocked_until).collect();
        debug_assert_eq!(
            granules.len(),
            granule_count(blocked_until - start, grid.step().duration())
        );
        let chairs = self
            .candidate_chairs(tenant, &treatment, chair_id, start, blocked_until)
            .await?;
        Ok(Plan {
            start,
            end,
            blocked_until,
            granules,
            chairs,
        })
    }

    /// The chairs to try for `treatment` over `[start, until)`: the named one, or every
    /// chair that hosts it, free ones first. `[None]` when the clinic has no chairs.
    async fn candidate_chairs(
        &self,
        tenant: &Tenant,
        treatment: &Treatment,
        named: Option<ChairId>,
        start: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Option<ChairId>>, BookingError> {
        let chairs = self.catalog.chairs(tenant.id).await?;
        if chairs.is_empty() {
            return match named {
                Some(_) => Err(unknown_chair()),
                None => Ok(vec![None]),
            };
        }
        if let Some(id) = named {
            let chair = chairs.iter().find(|c| c.id == id).ok_or_else(unknown_chair)?;
            return if chair.hosts(treatment.id) {
                Ok(vec![Some(id)])
            } else {
                Err(BookingError::ChairUnsuitable)
            };
        }
        let grid = grid_of(tenant);
        let now = self.now().timestamp();
        let hosting: Vec<_> = chairs.iter().filter(|c| c.hosts(treatment.id)).collect();
        // One range query per chair, all at once: this runs on every booking.
        let taken = futures::future::try_join_all(hosting.iter().map(|chair| {
            let resource = Resource::Chair(chair.id);
            slot_lock::taken(self.store.as_ref(), &grid, tenant.id, resource, start, until, now)
        }))
        .await?;
        if hosting.is_empty() {
            return Err(BookingError::ChairUnsuitable);
        }
        let mut candidates: Vec<(bool, Option<ChairId>)> = hosting
            .iter()
            .zip(&taken)
            .map(|(chair, taken)| (grid.granules(start, until).any(|g| taken.contains(g)), Some(chair.id)))
            .collect();
        // Free chairs first, in the clinic's order; busy ones stay candidates, as a hold on
        // them may lapse before the transaction runs.
        candidates.sort_by_key(|(busy, _)| *busy);
        Ok(candidates.into_iter().map(|(_, chair)| chair).collect())
    }
}

/// The refusal of a `chair_id` that names none of the clinic's chairs.
fn unknown_chair() -> BookingError {
    Invalid(vec![catalog::unknown("chair_id", "chair")]).into()
}

/// Whether `[start, until)` lies within one of the professional's working intervals.
fn works(grid: &crate::domain::Grid, professional: &Professional, start: DateTime<Utc>, until: DateTime<Utc>) -> bool {
    let date = grid.local_date(start);
    professional
        .weekly_hours
        .on(date.weekday())
        .iter()
        .any(|interval| grid.instant(date, interval.start) <= start && until <= grid.instant(date, interval.end))
}
