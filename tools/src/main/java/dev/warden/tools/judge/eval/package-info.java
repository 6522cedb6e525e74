/**
 * The judge's evaluation without a service around it ({@code ./warden eval-judge}): the local tiers (rules, then
 * the classifier) over the template corpus's held-out split.
 */
package dev.warden.tools.judge.eval;
