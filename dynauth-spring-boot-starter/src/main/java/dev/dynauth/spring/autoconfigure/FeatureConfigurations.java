package dev.dynauth.spring.autoconfigure;

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Each feature's own configuration, in its package and package-private there, imported in this order (the order
 * their {@code @ConditionalOnMissingBean} conditions see each other's beans). Each carries class-level conditions
 * for its optional dependency, so that nothing outside a feature's package names its classes.
 */
final class FeatureConfigurations implements ImportSelector {

    @Override
    public String[] selectImports(AnnotationMetadata metadata) {
        return new String[] {
                "dev.dynauth.spring.dynamodb.DynamoDbConfiguration",
                "dev.dynauth.spring.web.WebConfiguration",
                "dev.dynauth.spring.session.SessionConfiguration",
                "dev.dynauth.spring.magiclink.MagicLinkConfiguration",
                "dev.dynauth.spring.oauth2.OAuth2Configuration",
                "dev.dynauth.spring.passkey.PasskeyConfiguration",
                "dev.dynauth.spring.ui.UiConfiguration",
        };
    }
}
