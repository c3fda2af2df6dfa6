/**
 * Repeat prescriptions: a patient (or a proxy allowed prescriptions) asks for repeats of
 * current medicines; the practice's clinicians approve or decline with a message and any
 * fee; the patient sees the answer and is told by e-mail that there is one.
 */
package nz.tiaki.prescriptions;
