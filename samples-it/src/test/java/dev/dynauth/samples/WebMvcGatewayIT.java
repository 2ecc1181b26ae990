package dev.dynauth.samples;

/**
 * {@link GatewayCases} on the sample's gateway on Spring MVC (gateway-mvc/: spring-cloud-starter-gateway-server-webmvc
 * with the starter's servlet side and {@code DynauthGatewayMvc.identity(...)}).
 */
class WebMvcGatewayIT extends GatewayCases {

    @Override
    GatewaySample.Gateway gateway(GatewaySample sample) {
        return sample.webmvc;
    }
}
