/**
 * Offline tools over the guard library, the judge's classifier and the model: the judge's template corpus
 * ({@code judge.corpus}), training and evaluation of the judge's classifier ({@code judge.classifier},
 * {@code judge.eval}) and of the guard models ({@code guard}), the guard library's benchmark. Not a dependency
 * of any service.
 */
package dev.warden.tools;
