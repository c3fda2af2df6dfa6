/**
 * Health record pages for patients and for their care team.
 */
package nz.tiaki.records.web;
