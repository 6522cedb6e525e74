/**
 * The guard library: what the gateway's detector and the judge's fast tiers share (text normalisation, phrase
 * matching, rule sets, the hazard taxonomy, inference of the learned guard models). A plain library: no
 * framework, no service; both services depend on it.
 */
package dev.warden.guard;
