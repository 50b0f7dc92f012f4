// Each role's main journey through the real app, served by `turnaki serve --demo`.
import { BASE, expect, run } from './harness.mjs';
import { Agenda, ClinicPage, DEMO, PASSWORD, SignIn, id } from './pages.mjs';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const state = {};

async function patientBooksAndFindsIt(j) {
  const page = await j.visitor();
  const clinic = new ClinicPage(page);
  await clinic.open();
  await j.axe(page, 'treatments');
  await j.shot(page, 'treatments');
  await clinic.chooseTreatment();
  await j.axe(page, 'times');
  await j.shot(page, 'times');
  const start = await clinic.firstSlot();
  expect(start, 'the wizard offers a free time');
  await clinic.pick(start);
  const email = `ana.${unique()}@example.com`;
  // The demo clinic texts reminders and offers, so registering asks for a yes to texts.
  await page.waitForSelector(id('field-sms'));
  await page.check(id('field-sms'));
  await clinic.register('Ana Rojas', email);
  await j.axe(page, 'confirm');
  await j.shot(page, 'confirm');
  await clinic.confirm();
  expect(await page.isVisible(id('booked')), 'the booking is confirmed on screen');
  await j.shot(page, 'booked');
  await page.click(id('go-my-appointments'));
  await page.waitForSelector(id('appointment'));
  const booking = await page.locator(id('appointment')).first().getAttribute('data-booking-id');
  expect(booking, 'my appointments lists the new booking');
  const since = await page.textContent(id('texts-consent'));
  expect(/Recibes mensajes de texto desde/.test(since), `her yes to texts is shown with its time: ${since}`);
  await j.axe(page, 'mine');
  await j.shot(page, 'my-appointments');
  await page.click(id('texts-stop'));
  await page.waitForSelector(id('texts-accept'));
  const stopped = await page.textContent('.my-texts [role="status"]');
  expect(/desde ahora no te enviaremos/.test(stopped), `stopping is said to be at once: ${stopped}`);
  // The manage link from the email opens the same appointment.
  await page.click(id('manage-link'));
  await page.waitForSelector(id('appointment-detail'));
  await j.axe(page, 'manage');
  await j.shot(page, 'manage');
  state.booking = { id: booking, start, email };
}

async function secondPatientIsToldTheTimeIsTaken(j) {
  const [first, second] = [await j.visitor(), await j.visitor()];
  const [a, b] = [new ClinicPage(first), new ClinicPage(second)];
  await a.open();
  await b.open();
  await a.chooseTreatment();
  await b.chooseTreatment();
  const start = await a.firstSlot();
  expect((await b.firstSlot()) === start, 'both patients see the same first free time');
  await a.pick(start);
  await first.waitForSelector(id('summary'));
  await b.pick(start);
  await second.waitForSelector(id('slot-lost'));
  const text = await second.textContent(id('slot-lost'));
  expect(/otra persona/i.test(text), `the second patient is told plainly: ${text}`);
  await j.axe(second, 'slot-lost');
  await j.shot(second, 'slot-lost');
}

async function receptionMarksArrival(j) {
  const page = await j.visitor();
  await new SignIn(page).as(DEMO.reception);
  const agenda = new Agenda(page);
  await agenda.openDay(state.booking.start);
  await agenda.block(state.booking.id);
  await j.axe(page, 'day');
  await j.shot(page, 'day-view');
  await agenda.openBooking(state.booking.id);
  await agenda.mark(state.booking.id, 'arrived');
  await j.axe(page, 'arrived');
  await j.shot(page, 'arrived');
  await page.click(id('view-week'));
  await page.waitForSelector(id('calendar-week'));
  await j.axe(page, 'week');
  await j.shot(page, 'week-view');
}

/// The link labelled `label` in the newest message of `kind` the outbox holds for `email`,
/// read through the API as the clinic's admin (the outbox page shows the same messages);
/// polled, for messages the server's relay writes a moment after the change.
async function linkInOutbox(kind, email, label) {
  const signIn = await fetch(`${BASE}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.admin, password: PASSWORD }),
  });
  const { access_token: token } = await signIn.json();
  for (let i = 0; i < 150; i += 1) {
    const outbox = await (await fetch(`${BASE}/v1/outbox?limit=200`, { headers: { authorization: `Bearer ${token}` } })).json();
    const message = outbox.items.find((m) => m.kind === kind && m.to.includes(email));
    const line = message?.text.split('\n').find((l) => l.startsWith(`${label}: `));
    if (line) return { url: line.slice(label.length + 2), message };
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no "${label}" link in a ${kind} message to ${email}`);
}

/// The link labelled `label` in the confirmation the outbox holds for `email`.
async function linkInConfirmation(email, label) {
  const { url, message } = await linkInOutbox('confirmation', email, label);
  return { url, booking: message.booking_id };
}

async function patientConfirmsFromTheEmailLink(j) {
  const booker = new ClinicPage(await j.visitor());
  await booker.open();
  await booker.chooseTreatment();
  const start = await booker.firstSlot();
  await booker.pick(start);
  const email = `rosa.${unique()}@example.com`;
  await booker.register('Rosa Díaz', email);
  await booker.confirm();
  expect(await booker.page.isVisible(id('booked')), 'the booking is made');
  const { url, booking } = await linkInConfirmation(email, 'Asistiré');
  expect(url.includes(`/appointments/${booking}/link#`), `the link opens the booking's page: ${url}`);
  // A fresh browser, never signed in, as when the patient clicks the link in their mail.
  const page = await j.visitor();
  await page.goto(url);
  await page.waitForSelector(`${id('link-appointment')}[data-answer="confirmed"]`);
  const said = await page.textContent(id('link-result'));
  expect(/confirmada/i.test(said), `the patient is thanked: ${said}`);
  await j.axe(page, 'link-confirmed');
  await j.shot(page, 'link-confirmed');
  const reception = await j.visitor();
  await new SignIn(reception).as(DEMO.reception);
  const agenda = new Agenda(reception);
  await agenda.openDay(start);
  await (await agenda.block(booking, '[data-answer="confirmed"]')).click();
  await reception.waitForSelector(`${id('booking-answer')}[data-answer="confirmed"]`);
  await reception.waitForSelector(id('to-call'));
  await j.axe(reception, 'answer-and-to-call');
  await j.shot(reception, 'reception-sees-confirmed');
}

async function waitlistFillsACancellation(j) {
  // Another patient holds a time next week (outside the clinic's cancellation window).
  const other = new ClinicPage(await j.visitor());
  await other.open();
  await other.chooseTreatment();
  await other.laterWeek();
  const start = await other.firstSlot();
  await other.pick(start);
  await other.register('Tomás Vidal', `tomas.${unique()}@example.com`);
  await other.confirm();
  expect(await other.page.isVisible(id('booked')), 'the other patient booked the time');

  // The first patient finds no time that suits and asks to be told when one frees up.
  const email = `lucia.${unique()}@example.com`;
  const waiting = new ClinicPage(await j.visitor());
  await waiting.open();
  await waiting.chooseTreatment();
  await waiting.openWaitlistForm();
  await j.axe(waiting.page, 'waitlist-sign-in');
  await waiting.createAccount('Lucía Soto', email);
  await waiting.page.waitForSelector(id('waitlist-submit'));
  // A last day before the first is named beside the field, and nothing is sent.
  const inDays = (n) => new Date(Date.now() + n * 86400e3).toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
  await waiting.page.fill(id('field-earliest'), inDays(10));
  await waiting.page.fill(id('field-latest'), inDays(5));
  await waiting.page.click(id('waitlist-submit'));
  await waiting.page.waitForSelector(`${id('field-latest')}[aria-invalid="true"]`);
  const why = await waiting.page.textContent('#f-latest-error');
  expect(/anterior al primero/.test(why), `the last day is said to be before the first: ${why}`);
  await j.axe(waiting.page, 'waitlist-form-refused');
  await j.shot(waiting.page, 'waitlist-form-refused');
  await waiting.page.fill(id('field-earliest'), inDays(0));
  await waiting.page.fill(id('field-latest'), inDays(30));
  await waiting.joinWaitlist('Lucía Soto', email);
  const joined = await waiting.page.textContent(id('waitlist-joined'));
  expect(/avisaremos por correo/i.test(joined), `the patient is told they will hear by email: ${joined}`);
  await j.axe(waiting.page, 'waitlist-joined');
  await j.shot(waiting.page, 'waitlist-joined');
  await waiting.page.goto('/sonrisa/appointments');
  await waiting.page.waitForSelector(`${id('waitlist-entry')}[data-status="waiting"] ${id('waitlist-leave')}`);
  await j.axe(waiting.page, 'my-waitlist');
  await j.shot(waiting.page, 'my-waitlist');

  // The other patient cancels from their appointments; the freed time is offered at once.
  await other.page.click(id('go-my-appointments'));
  await other.page.waitForSelector(id('appointment'));
  await other.page.click(id('manage-link'));
  await other.page.waitForSelector(id('appointment-detail'));
  await other.page.click(id('cancel'));
  await other.page.click(id('cancel-yes'));
  await other.page.waitForSelector(`${id('appointment-detail')}[data-status="cancelled"]`);

  const { url } = await linkInOutbox('waitlist_offer', email, 'La tomo');
  expect(/\/sonrisa\/offers\/[0-9A-Z]{26}#./.test(url), `the offer link opens the offer's page: ${url}`);
  // A fresh browser, never signed in, as when the patient clicks the link in their mail.
  const page = await j.visitor();
  await page.goto(url);
  await page.waitForSelector(id('offer-take'));
  expect(await page.isVisible(id('offer-kept-until')), 'the page says until when the time is kept');
  await j.axe(page, 'offer');
  await j.shot(page, 'offer');
  await page.click(id('offer-take'));
  await page.waitForSelector(`${id('offer')}[data-outcome="taken"]`);
  const said = await page.textContent(id('offer-result'));
  expect(/reservada/i.test(said), `the patient is told the time is booked: ${said}`);
  expect(!(await page.isVisible(id('offer-take'))), 'a taken offer cannot be taken again');
  await j.axe(page, 'offer-taken');
  await j.shot(page, 'offer-taken');

  // The patient's entry ended with the booking, and reception sees the offer taken.
  await waiting.page.reload();
  await waiting.page.waitForSelector(`${id('waitlist-entry')}[data-status="booked"]`);
  await waiting.page.waitForSelector(id('appointment'));
  const reception = await j.visitor();
  await new SignIn(reception).as(DEMO.reception);
  await reception.click(id('nav-reception-waitlist'));
  await reception.waitForSelector(id('staff-waitlist'));
  const entry = reception.locator(`${id('waitlist-entry')}[data-status="booked"]:has-text("Lucía Soto")`);
  await entry.locator(`${id('waitlist-offer')}[data-outcome="taken"]`).waitFor();
  await j.axe(reception, 'staff-waitlist');
  await j.shot(reception, 'staff-waitlist');
  await reception.click(id('waitlist-add'));
  await reception.waitForSelector(id('waitlist-submit'));
  await j.axe(reception, 'staff-waitlist-add');
  await j.shot(reception, 'staff-waitlist-add');
}

/// The day `months` after `day` (YYYY-MM-DD): the same day of the month, or the month's last
/// when it has fewer days, as the server's recall rule says.
function monthsAfter(day, months) {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

async function completedCleaningBringsARecall(j) {
  const cleaning = 'Limpieza dental';
  // The admin recalls cleanings after six months; a number past three years is named first.
  const admin = await j.visitor();
  await new SignIn(admin).as(DEMO.admin);
  await admin.goto('/admin/treatments');
  const row = admin.locator(`${id('treatment-row')}:has-text("${cleaning}")`);
  await row.locator(id('edit')).click();
  await admin.fill(id('field-recall_months'), '40');
  await admin.click(id('treatment-save'));
  await admin.waitForSelector(`${id('field-recall_months')}[aria-invalid="true"]`);
  await j.axe(admin, 'treatment-recall-refused');
  await admin.fill(id('field-recall_months'), '6');
  await admin.click(id('treatment-save'));
  await admin.waitForSelector(id('saved'));
  const every = await row.locator(id('treatment-recall')).textContent();
  expect(/6 meses/.test(every), `the table says when cleanings are recalled: ${every}`);
  await j.shot(admin, 'treatment-recall');
  // …and a patient not booked after the first recall gets a second three weeks later.
  await admin.click(id('admin-nav-settings'));
  await admin.waitForSelector(id('field-recall_follow_up_weeks'));
  await admin.fill(id('field-recall_follow_up_weeks'), '3');
  await admin.click(id('settings-save'));
  await admin.waitForSelector(id('saved'));

  // A patient books a cleaning, and reception marks the visit arrived, then completed.
  const email = `carla.${unique()}@example.com`;
  const patient = new ClinicPage(await j.visitor());
  const visit = await patient.bookFirstTime('Carla Paz', email, cleaning);
  const reception = await j.visitor();
  await new SignIn(reception).as(DEMO.reception);
  const agenda = new Agenda(reception);
  await agenda.openDay(visit.start);
  await agenda.openBooking(visit.booking);
  await agenda.mark(visit.booking, 'arrived');
  await agenda.mark(visit.booking, 'completed');

  // The recall list shows her due back six months after the visit, on the clinic's calendar.
  await reception.click(id('nav-reception-recalls'));
  await reception.waitForSelector(id('staff-recalls'));
  const line = reception.locator(`${id('recall-row')}:has-text("Carla Paz")`);
  await line.waitFor();
  const visitDay = new Date(visit.start).toLocaleDateString('en-CA', { timeZone: 'America/Santiago' });
  const due = monthsAfter(visitDay, 6);
  expect((await line.getAttribute('data-status')) === 'upcoming', 'the recall is upcoming');
  expect((await line.getAttribute('data-due')) === due, `due on ${due}: ${await line.getAttribute('data-due')}`);
  const dueText = await line.locator(id('recall-due')).textContent();
  expect(dueText.includes(due.slice(0, 4)) && dueText.includes(String(Number(due.slice(8)))), `the due day reads ${dueText}`);
  expect((await line.locator(id('recall-treatment')).textContent()) === cleaning, 'for the cleaning');
  expect(await line.locator(id('recall-phone')).isVisible(), 'with her phone to call her');
  const contacted = await line.locator(id('recall-contacted')).textContent();
  expect(/aún no/i.test(contacted), `nothing sent yet: ${contacted}`);
  await reception.selectOption(id('recall-status'), 'booked');
  await reception.waitForSelector(id('empty'));
  await reception.selectOption(id('recall-status'), 'upcoming');
  await line.waitFor();
  await j.axe(reception, 'recalls');
  await j.shot(reception, 'recalls-upcoming');
  const professional = await line.getAttribute('data-professional-id');
  const professionalName = await line.locator(id('recall-professional')).textContent();

  // Her recall message's button: the clinic's page with the treatment and the professional.
  const treatment = await line.getAttribute('data-treatment-id');
  const link = `/sonrisa?treatment=${treatment}&professional=${professional}`;
  const page = patient.page;
  await page.goto(link);
  await page.waitForSelector(id('chosen-treatment'));
  const step = await page.textContent('.steps [aria-current="step"]');
  expect(/Fecha y hora/.test(step), `the wizard opens on the time step: ${step}`);
  expect((await page.textContent(id('chosen-treatment'))).includes(cleaning), 'with the cleaning chosen');
  expect((await page.inputValue(id('professional-select'))) === professional, 'and her professional chosen');
  await page.waitForSelector(id('slot'));
  await j.axe(page, 'recall-link');
  await j.shot(page, 'recall-link');
  // Her next cleaning, a week on, as the signed-in patient she is.
  await patient.laterWeek();
  await patient.pick(await patient.firstSlot());
  await page.waitForSelector(id('book-submit'));
  const summary = await page.textContent(id('summary'));
  expect(summary.includes(cleaning) && summary.includes(professionalName), `the summary names both: ${summary}`);
  await patient.confirm();
  expect(await page.isVisible(id('booked')), 'the next cleaning is booked from the recall link');

  // The recall ends with the booking.
  await reception.selectOption(id('recall-status'), 'booked');
  const booked = reception.locator(`${id('recall-row')}[data-status="booked"]:has-text("Carla Paz")`);
  await booked.locator(id('recall-booking'), { hasText: /\d{2}:\d{2}/ }).waitFor();
  await j.axe(reception, 'recalls-booked');
  await j.shot(reception, 'recalls-booked');

  // Dentists are not shown the recall list.
  const dentist = await j.visitor();
  await new SignIn(dentist).as(DEMO.dentist);
  expect((await dentist.locator(id('nav-reception-recalls')).count()) === 0, 'a dentist has no Recalls link');
}

async function adminAddsATreatmentTheWizardOffers(j) {
  const page = await j.visitor();
  await new SignIn(page).as(DEMO.admin);
  await page.goto('/admin/treatments');
  await page.waitForSelector(id('treatment-new'));
  await j.axe(page, 'treatments');
  await page.click(id('treatment-new'));
  const name = `Blanqueamiento ${unique()}`;
  await page.fill(id('field-name'), name);
  await page.fill(id('field-duration_minutes'), '60');
  await page.fill(id('field-price'), '45000');
  await j.axe(page, 'treatment-form');
  await page.click(id('treatment-save'));
  await page.waitForSelector(id('saved'));
  await page.waitForSelector(`${id('treatment-row')}:has-text("${name}")`);
  await j.shot(page, 'treatment-added');
  // A new treatment needs someone who performs it before the wizard can book it; the
  // clinic page lists every active treatment.
  const patient = new ClinicPage(await j.visitor());
  await patient.open();
  expect((await patient.treatmentNames()).includes(name), `the wizard offers ${name}`);
  await j.shot(patient.page, 'wizard-offers-it');
  for (const section of ['professionals', 'chairs', 'staff', 'settings', 'outbox', 'embed']) {
    await page.click(id(`admin-nav-${section}`));
    await page.waitForLoadState('networkidle');
    await j.axe(page, section);
    await j.shot(page, `admin-${section}`);
  }
  const outbox = await page.textContent(id('admin-nav-outbox'));
  expect(outbox.trim() === 'Mensajes enviados', `the outbox tab names emails and texts: ${outbox}`);

  // The clinic's country and channels are saved, and read back after a reload; then put back.
  const saveSettings = async (country, recalls) => {
    await page.selectOption(id('field-country'), country);
    await page.check(id(`channel-recalls-${recalls}`));
    await page.click(id('settings-save'));
    await page.waitForSelector(id('saved'));
    await page.reload();
    await page.waitForSelector(id('field-country'));
    expect((await page.inputValue(id('field-country'))) === country, `the country reads ${country}`);
    expect(await page.isChecked(id(`channel-recalls-${recalls}`)), `recalls go by ${recalls}`);
    expect(await page.isChecked(id('channel-reminders-both')), 'reminders still go by both');
  };
  await page.click(id('admin-nav-settings'));
  await page.waitForSelector(id('field-country'));
  expect((await page.inputValue(id('field-country'))) === 'CL', 'the demo clinic is in Chile');
  await saveSettings('PE', 'both');
  await j.axe(page, 'settings-channels');
  await j.shot(page, 'admin-settings-channels');
  await saveSettings('CL', 'email');
  // The month's figures: this month holds the offer the waitlist journey made, and the
  // month before, on this fresh server, has nothing to count.
  await page.click(id('admin-nav-figures'));
  const figures = page.locator(id('month-figures'));
  await figures.waitFor();
  expect(/Cifras del mes/.test(await page.textContent('#figures-title')), 'the tab has its heading');
  const month = await page.inputValue(id('figures-month'));
  expect((await figures.getAttribute('data-month')) === month, `the figures are of the month picked, ${month}`);
  const named = await page.textContent('#figures-month-name');
  expect(named.includes(month.slice(0, 4)), `the table's heading names the month: ${named}`);
  expect((await figures.locator(id('figure')).count()) === 8, 'the table has its eight figures');
  const offers = await figures.locator(`${id('figure')}[data-key="offers"] ${id('figure-value')}`).textContent();
  expect(Number(offers) >= 1, `the waitlist's offer is counted: ${offers}`);
  await j.axe(page, 'figures');
  await j.shot(page, 'admin-figures');
  await page.click(id('figures-month-previous'));
  await page.waitForSelector(id('empty'));
  expect((await page.inputValue(id('figures-month'))) < month, 'the picker moved to the month before');
  await j.axe(page, 'figures-empty');
}

async function ownerOnboardsAClinic(j) {
  const page = await j.visitor();
  await new SignIn(page).as(DEMO.owner);
  await page.waitForSelector(id('onboard-submit'));
  await j.axe(page, 'owner');
  const slug = `clinica-${unique()}`;
  const admin = `admin.${unique()}@example.com`;
  await page.fill(id('field-name'), 'Clínica Norte');
  await page.fill(id('field-slug'), slug);
  await page.fill(id('field-address'), 'Av. Norte 100, Antofagasta');
  await page.fill(id('field-time_zone'), 'America/Santiago');
  await page.selectOption(id('field-locale'), 'es');
  await page.fill(id('field-admin_email'), admin);
  await page.fill(id('field-admin_name'), 'Marta Díaz');
  await page.fill(id('field-admin_password'), 'a-long-admin-password');
  await page.click(id('onboard-submit'));
  await page.waitForSelector(id('onboarded'));
  await page.waitForSelector(`${id('clinic-row')}[data-slug="${slug}"]`);
  await j.shot(page, 'onboarded');
  const adminPage = await j.visitor();
  await new SignIn(adminPage).as(admin, 'a-long-admin-password');
  await adminPage.waitForURL(/\/admin/);
  await j.shot(adminPage, 'new-admin-signed-in');
}

async function spanishAndEnglish(j) {
  const page = await j.visitor('en-US');
  const clinic = new ClinicPage(page);
  await clinic.open();
  // The demo clinic speaks Spanish; a visitor who has not chosen gets the clinic's language.
  expect(/Reserva tu hora/.test(await page.textContent('#wizard-title')), 'the clinic default is Spanish');
  expect((await page.getAttribute('html', 'lang')) === 'es', 'html lang follows');
  await page.click(id('lang-en'));
  expect(/Book an appointment/.test(await page.textContent('#wizard-title')), 'English after the switch');
  expect((await page.getAttribute('html', 'lang')) === 'en', 'html lang is en');
  await j.axe(page, 'english');
  await j.shot(page, 'english');
  await page.reload();
  await page.waitForSelector('#wizard-title');
  expect(/Book an appointment/.test(await page.textContent('#wizard-title')), 'the choice is remembered');
  await page.click(id('lang-es'));
  expect(/Reserva tu hora/.test(await page.textContent('#wizard-title')), 'Spanish again');
}

async function firstRender(j) {
  // Time to the clinic's name on screen from a cold start (printed; the budget is in
  // docs/benchmarks.md — a test asserts what the page shows, not how fast).
  const page = await j.visitor();
  const t0 = Date.now();
  await page.goto('/sonrisa');
  await page.waitForSelector(id('clinic-name'));
  console.log(`       first render of /sonrisa: ${Date.now() - t0} ms`);
  const embed = await j.visitor();
  await embed.goto('/sonrisa/embed');
  await embed.waitForSelector(id('wizard'));
  expect(!(await embed.isVisible('header.top')), 'the embedded wizard has no app header');
  await j.axe(embed, 'embed');
  await j.shot(embed, 'embed');
}

// A clinic's own website (served by the browser itself: no network) frames the booking
// widget, and a patient books there; a site framing any other page of the app is refused.
// The website is plain HTTP on purpose: that makes the frame an insecure context (no
// service worker, no crypto.randomUUID), where the app stopped before its first render.
async function clinicWebsiteFramesTheWidget(j) {
  const site = (path) => ({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="es"><title>Clínica Sonrisa</title><h1>Clínica Sonrisa</h1>
      <iframe title="Reserva tu hora" src="${BASE}${path}" style="width: 100%; height: 1100px; border: 0"></iframe>`,
  });
  const page = await j.visitor();
  await page.route('http://www.sonrisa.example/', (route) => route.fulfill(site('/sonrisa/embed')));
  await page.goto('http://www.sonrisa.example/');
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  const widget = new ClinicPage(frame);
  await frame.waitForSelector(id('wizard'));
  await widget.chooseTreatment();
  const start = await widget.firstSlot();
  expect(start, 'the framed wizard offers a free time');
  await widget.pick(start);
  await widget.register('Bruno Díaz', `bruno.${unique()}@example.com`);
  await widget.confirm();
  expect(await frame.isVisible(id('booked')), 'the patient booked from the clinic website');
  await j.shot(page, 'booked-on-clinic-website');

  // Outside the journey's error guard: the refusal is a console error, and the point.
  const context = await j.browser.newContext();
  const framer = await context.newPage();
  await framer.route('http://other.example/', (route) => route.fulfill(site('/reception')));
  const refused = framer.waitForEvent('console', { predicate: (m) => /frame-ancestors 'none'/.test(m.text()) });
  await framer.goto('http://other.example/');
  await refused;
  await context.close();
}

expect(BASE, 'TURNAKI_BROWSER_BASE names the server');
await run([
  ['patient-books', patientBooksAndFindsIt],
  ['race-for-a-time', secondPatientIsToldTheTimeIsTaken],
  ['reception-arrival', receptionMarksArrival],
  ['confirm-from-email-link', patientConfirmsFromTheEmailLink],
  ['waitlist-fills-a-cancellation', waitlistFillsACancellation],
  ['completed-cleaning-brings-a-recall', completedCleaningBringsARecall],
  ['admin-treatment', adminAddsATreatmentTheWizardOffers],
  ['owner-onboarding', ownerOnboardsAClinic],
  ['language-switch', spanishAndEnglish],
  ['clinic-page', firstRender],
  ['widget-on-clinic-website', clinicWebsiteFramesTheWidget],
]);
