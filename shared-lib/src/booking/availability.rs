//! Free start times for a whole clinic: reads each input once, then the pure domain
//! function decides per professional.

use chrono::{DateTime, Utc};
use futures::future::try_join_all;
use serde::{Deserialize, Serialize};

use super::slot_lock::{self, Resource};
use super::{BookingEngine, BookingError, MAX_AVAILABILITY_DAYS, grid_of};
use crate::domain::{AvailabilityRequest, EraDate, Tenant, free_starts};
use crate::ids::{ProfessionalId, TreatmentId};

/// The free start times of one professional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionalAvailability {
    /// Who.
    pub professional_id: ProfessionalId,
    /// When, in time order.
    pub starts: Vec<DateTime<Utc>>,
}

impl BookingEngine {
    /// Free start times for `treatment` from local date `from` to `to` (inclusive), for one
    /// professional or every professional who performs it. Both are era dates, so the day
    /// after `to` always exists.
    pub async fn availability(
        &self,
        tenant: &Tenant,
        treatment_id: TreatmentId,
        professional: Option<ProfessionalId>,
        from: EraDate,
        to: EraDate,
    ) -> Result<Vec<ProfessionalAvailability>, BookingError> {
        if !(1..=MAX_AVAILABILITY_DAYS).contains(&from.days_through(to)) {
            return Err(BookingError::BadRange);
        }
        let now = self.now();
        let grid = grid_of(tenant);
        let (range_start, range_end) = (grid.start_of_day(from.date()), grid.start_of_day(to.day_after()));
        let catalog = &self.catalog;
        let (treatment, professionals, chairs, time_off) = futures::try_join!(
            catalog.treatment(tenant.id, treatment_id),
            catalog.professionals(tenant.id),
            catalog.chairs(tenant.id),
            catalog.all_time_off(tenant.id, range_start, range_end),
        )?;
        let treatment = treatment.ok_or(BookingError::NotFound("treatment"))?;
        if professional.is_some_and(|id| !professionals.iter().any(|p| p.id == id)) {
            return Err(BookingError::NotFound("professional"));
        }
        let chosen: Vec<_> = professionals
            .into_iter()
            .filter(|p| professional.is_none_or(|id| p.id == id) && p.performs(treatment.id))
            .collect();
        let store = self.store.as_ref();
        let taken_of = |resource| {
            slot_lock::taken(
                store,
                &grid,
                tenant.id,
                resource,
                range_start,
                range_end,
                now.timestamp(),
            )
        };
        let hosting: Vec<_> = chairs.iter().filter(|c| c.hosts(treatment.id)).collect();
        let (chair_taken, professional_taken) = futures::try_join!(
            try_join_all(hosting.iter().map(|c| taken_of(Resource::Chair(c.id)))),
            try_join_all(chosen.iter().map(|p| taken_of(Resource::Professional(p.id)))),
        )?;
        Ok(chosen
            .iter()
            .zip(professional_taken)
            .map(|(professional, taken)| {
                let request = AvailabilityRequest {
                    grid,
                    rules: &tenant.rules,
                    treatment: &treatment,
                    professional,
                    time_off: &time_off,
                    taken: &taken,
                    chairs: (!chairs.is_empty()).then_some(chair_taken.as_slice()),
                    now,
                    from: from.date(),
                    to: to.date(),
                };
                ProfessionalAvailability {
                    professional_id: professional.id,
                    starts: free_starts(&request),
                }
            })
            .collect())
    }
}
