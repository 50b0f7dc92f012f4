//! Patients hear of every booking, change and cancellation, are reminded once before the
//! visit, and answer with the links of the message: the reminder, delivery and link cases
//! on every store adapter, one contract for every mailer and one for every link signer.

mod delivery_cases;
mod desk;
mod link_cases;
mod mailer_contract;
mod recall_cases;
mod reminder_cases;
mod signer_contract;
mod text_cases;
mod texter_contract;
mod waitlist_cases;

/// The cases that run on every store.
mod cases {
    pub use crate::delivery_cases::*;
    pub use crate::link_cases::*;
    pub use crate::recall_cases::*;
    pub use crate::reminder_cases::*;
    pub use crate::text_cases::*;
    pub use crate::waitlist_cases::*;
}

turnaki_testkit::each_store! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {crate::cases}: [
        changes_stored_just_before_a_crash_are_sent_on_the_next_start,
        an_event_handled_twice_sends_one_message,
        messages_wait_out_a_mail_outage_and_keep_their_order,
        a_booking_is_confirmed_in_the_clinics_time_with_an_invitation_to_parse,
        a_cancellation_cancels_the_same_calendar_event,
        two_overlapping_runs_send_each_reminder_exactly_once,
        a_reminder_goes_out_at_the_clinics_hour_across_the_dst_change,
        a_cancelled_booking_gets_no_reminder,
        a_moved_booking_is_reminded_of_its_new_time_only,
        a_same_day_reminder_follows_the_first,
        a_failing_mailer_leaves_the_booking_and_shows_the_failure,
        a_reminder_claimed_by_a_run_that_died_goes_out_once_the_lease_lapses,
        a_patient_confirms_with_the_link_of_the_confirmation_message,
        tampered_expired_and_foreign_links_are_refused_and_change_nothing,
        a_cancel_link_used_twice_cancels_once_and_frees_the_time,
        cancel_and_reschedule_by_link_inside_the_window_are_refused,
        a_reschedule_link_moves_the_booking_once,
        reception_calls_the_days_unconfirmed_patients_and_the_call_sticks,
        a_clinic_that_asks_sends_the_confirmation_request_to_patients_yet_to_answer,
        a_cancellation_is_offered_to_the_first_fitting_entry_and_taken_through_the_hold,
        declined_and_lapsed_offers_move_to_the_next_entry_and_then_back_to_online_booking,
        two_cancellations_and_three_waiting_patients_give_no_double_offer_and_no_overlap,
        an_entry_ends_when_its_patient_books_or_its_last_day_passes,
        a_patient_already_booked_at_that_time_is_skipped,
        an_offer_whose_message_failed_is_sent_on_the_next_pass_and_only_once,
        an_absence_removed_offers_its_time_to_the_waiting_patient_once,
        joining_twice_or_for_what_the_clinic_does_not_offer_is_refused,
        a_completed_cleaning_brings_a_recall_on_the_clinics_morning_and_a_second_three_weeks_later,
        a_patient_who_books_the_next_cleaning_is_sent_no_recall,
        a_treatment_without_a_recall_interval_recalls_nobody,
        a_patient_who_accepts_texts_gets_the_reminder_by_text_with_its_confirm_link,
        a_patient_who_stops_texts_gets_the_next_message_by_email_only,
    ];
}

turnaki_testkit::each_adapter! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    cases in {crate::signer_contract}: [
        a_token_opens_as_the_claims_it_was_issued_for,
        a_changed_payload_or_mac_is_refused,
        another_keys_token_is_refused,
        a_token_expires_when_its_visit_ends,
    ];
    hmac_signer: |case| case(crate::signer_contract::Signers::hmac()).await;
    kms_signer: |case| case(crate::signer_contract::Signers::kms().await).await;
}
