package dev.dynauth.spring; final class Placeholder {}
