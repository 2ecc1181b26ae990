package dev.dynauth.samples;

/** {@link GatewayCases} on the sample's gateway on WebFlux (gateway/: spring-cloud-starter-gateway-server-webflux). */
class WebFluxGatewayIT extends GatewayCases {

    @Override
    GatewaySample.Gateway gateway(GatewaySample sample) {
        return sample.webflux;
    }
}
