/**
 * The HL7 FHIR R4 API at {@code /fhir}: a HAPI plain server whose resource providers call the
 * module facades, so every read passes the same gate, vault, audit and budgets as a page.
 * Requests carry an app's bearer token; its SMART scopes narrow what the gate allows, and a
 * last check on every response refuses anything outside them.
 */
package nz.tiaki.fhir;
