/**
 * The exfiltration guard: read budgets over sliding windows, locks, canaries and alerts.
 */
package nz.tiaki.guard;
