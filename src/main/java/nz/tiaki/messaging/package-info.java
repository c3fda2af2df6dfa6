/**
 * Secure messaging between a patient and their practice: threads to the front desk or a named
 * clinician, bodies sealed like every clinical text, who has read what, threads the practice
 * closes, and e-mails that say only that there is a message.
 */
package nz.tiaki.messaging;
