/**
 * Offline tools over the guard library and the model: corpus generation, training and evaluation of the guard
 * models, benchmarks. Not a dependency of any service.
 */
package dev.warden.tools;
