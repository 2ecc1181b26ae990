package dev.dynauth.spring.reactive;

/** The reactive session cases on the embedded DynamoDB Local (its calls run off the event loop). */
@ReactiveAppTest
class ReactiveSessionTest extends ReactiveSessionCases {
}
