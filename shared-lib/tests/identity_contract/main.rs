//! The identity contract: every case runs against both `IdentityProvider` adapters in the
//! same `cargo test` run, each token checked by the `TokenVerifier` that column uses; so do
//! the account workflows (`accounts`), which pair each account with a catalog record.
//!
//! The Cognito adapter talks to the AWS-compatible endpoint in `TURNAKI_TEST_AWS_ENDPOINT`
//! (moto, started by `scripts/test.sh`), a fresh user pool per test. Without it the Cognito
//! cases fail rather than skip: a green run must mean both adapters passed.

mod accounts;
mod cases;
mod cognito_only;
mod embedded_only;
mod fixture;
mod forge;

turnaki_testkit::each_adapter! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    cases in {crate::cases}: [
        a_clinic_account_signs_in_and_its_token_names_its_role_clinic_and_person,
        every_clinic_role_signs_in_as_itself,
        the_platform_owner_signs_in_with_no_clinic,
        two_accounts_in_two_clinics_each_get_their_own_token,
        a_second_account_with_the_same_email_is_refused,
        a_wrong_password_and_an_unknown_email_are_refused_alike,
        a_token_with_a_tampered_payload_is_refused,
        an_unsigned_token_is_refused,
        a_token_signed_with_the_public_key_as_an_hmac_secret_is_refused,
        a_token_signed_by_another_rsa_key_is_refused,
        an_account_whose_role_and_clinic_disagree_is_refused_and_not_created,
        a_password_the_provider_refuses_leaves_the_email_free,
        an_onboarded_clinic_has_its_admin_who_signs_in_as_its_admin,
        a_clinic_whose_admin_email_is_taken_is_not_onboarded_and_its_slug_stays_free,
        staff_whose_email_is_taken_leave_no_entry_in_the_clinic_directory,
        a_registering_patient_gets_a_record_an_account_and_a_token_that_acts_as_it,
        a_patient_whose_email_is_taken_is_not_registered_and_leaves_no_record,
    ];
    embedded: |case| {
        let adapter = crate::fixture::embedded().await;
        case(&adapter).await
    };
    cognito: |case| {
        let adapter = crate::fixture::cognito().await;
        case(&adapter).await
    };
}
