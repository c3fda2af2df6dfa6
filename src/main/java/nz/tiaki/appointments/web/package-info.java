/**
 * The appointment pages: booking and cancelling for patients, the day's book for staff.
 */
package nz.tiaki.appointments.web;
