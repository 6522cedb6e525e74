/** Small statistics shared by evaluations and audits: confidence intervals of proportions. */
package dev.warden.model.stats;
