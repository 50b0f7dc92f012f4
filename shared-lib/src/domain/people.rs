//! Patients and accounts, and the roles that decide what an account may do.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Email, Locale, Phone, SmsConsent, Tenant};
use crate::ids::{PatientId, ProfessionalId, TenantId, UserId};

/// A patient of one clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patient {
    /// Its id.
    pub id: PatientId,
    /// Full name.
    pub name: String,
    /// Where confirmations and reminders go.
    pub email: Email,
    /// For the reception to call, and for texts when the patient accepts them.
    pub phone: Option<Phone>,
    /// Whether the patient accepts text messages (records before texts had none: not given).
    #[serde(default)]
    pub sms: SmsConsent,
    /// When the patient registered (or reception created them).
    pub created_at: DateTime<Utc>,
}

/// Why a role name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a role (owner, admin, dentist, reception, patient)")]
pub struct InvalidRole(pub String);

/// What an account is to the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: onboards clinics, sees usage, reads no patient data.
    Owner,
    /// Configures one clinic.
    Admin,
    /// Treats patients; sees their own calendar.
    Dentist,
    /// Runs one clinic's day.
    Reception,
    /// Books their own appointments.
    Patient,
}

impl Role {
    /// Every role.
    pub const ALL: [Self; 5] = [Self::Owner, Self::Admin, Self::Dentist, Self::Reception, Self::Patient];

    /// The claim value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Dentist => "dentist",
            Self::Reception => "reception",
            Self::Patient => "patient",
        }
    }

    /// Whether the role works for a clinic (as opposed to the platform or a patient).
    pub const fn is_staff(self) -> bool {
        matches!(self, Self::Admin | Self::Dentist | Self::Reception)
    }
}

impl FromStr for Role {
    type Err = InvalidRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| InvalidRole(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account that can sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Its id (the token's `sub`).
    pub id: UserId,
    /// Sign-in name.
    pub email: Email,
    /// Display name.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// The clinic it belongs to; `None` only for the platform owner.
    pub tenant_id: Option<TenantId>,
    /// For dentists: the professional whose calendar is theirs.
    pub professional_id: Option<ProfessionalId>,
    /// For patients: their patient record.
    pub patient_id: Option<PatientId>,
    /// Preferred language, overriding the clinic's.
    pub locale: Option<Locale>,
}

impl User {
    /// A new staff account of `tenant` (a dentist's with their professional), in its language.
    pub fn staff(
        tenant: &Tenant,
        email: Email,
        name: String,
        role: Role,
        professional_id: Option<ProfessionalId>,
    ) -> Self {
        Self {
            id: UserId::new(),
            email,
            name,
            role,
            tenant_id: Some(tenant.id),
            professional_id,
            patient_id: None,
            locale: Some(tenant.locale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_claim_value() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{role}\""));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn only_clinic_roles_are_staff() {
        let staff: Vec<_> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert_eq!(staff, [Role::Admin, Role::Dentist, Role::Reception]);
    }
}
