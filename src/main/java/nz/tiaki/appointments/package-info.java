/**
 * Appointments: clinicians' available times (slots) published by their practice, booked
 * and cancelled by patients and their proxies within the practice's rules, managed by staff
 * on the day's book, with e-mail reminders.
 */
package nz.tiaki.appointments;
