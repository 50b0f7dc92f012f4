//! Free start times for a whole clinic: reads each input once, then the pure domain
//! function decides per professional.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::future::try_join_all;
use serde::{Deserialize, Serialize};

use super::slot_lock::{self, Resource};
use super::{BookingEngine, BookingError, MAX_AVAILABILITY_DAYS, grid_of};
use crate::domain::{AvailabilityRequest, Taken, Tenant, TimeOff, free_starts};
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
    /// professional or every professional who performs it.
    pub async fn availability(
        &self,
        tenant: &Tenant,
        treatment_id: TreatmentId,
        professional: Option<ProfessionalId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ProfessionalAvailability>, BookingError> {
        let days = (to - from).num_days() + 1;
        if !(1..=MAX_AVAILABILITY_DAYS).contains(&days) {
            return Err(BookingError::BadRange);
        }
        let now = self.now();
        let grid = grid_of(tenant);
        let (range_start, range_end) = (grid.start_of_day(from), grid.start_of_day(to + Duration::days(1)));
        let catalog = &self.catalog;
        let (treatment, professionals, chairs, closures) = futures::try_join!(
            catalog.treatment(tenant.id, treatment_id),
            catalog.professionals(tenant.id),
            catalog.chairs(tenant.id),
            catalog.time_off(tenant.id, None, range_start, range_end),
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
        let (chair_taken, per_professional) = futures::try_join!(
            async {
                Ok::<Vec<Taken>, BookingError>(
                    try_join_all(hosting.iter().map(|c| taken_of(Resource::Chair(c.id)))).await?,
                )
            },
            try_join_all(chosen.iter().map(|p| async move {
                let (taken, away) = futures::try_join!(
                    async { Ok::<Taken, BookingError>(taken_of(Resource::Professional(p.id)).await?) },
                    async { Ok(catalog.time_off(tenant.id, Some(p.id), range_start, range_end).await?) },
                )?;
                Ok::<(Taken, Vec<TimeOff>), BookingError>((taken, away))
            })),
        )?;
        Ok(chosen
            .iter()
            .zip(per_professional)
            .map(|(professional, (taken, mut time_off))| {
                time_off.extend(closures.iter().cloned());
                let request = AvailabilityRequest {
                    grid,
                    rules: &tenant.rules,
                    treatment: &treatment,
                    professional,
                    time_off: &time_off,
                    taken: &taken,
                    chairs: (!chairs.is_empty()).then_some(chair_taken.as_slice()),
                    now,
                    from,
                    to,
                };
                ProfessionalAvailability {
                    professional_id: professional.id,
                    starts: free_starts(&request),
                }
            })
            .collect())
    }
}
