// tabled_rom1: sinCos table, 16 entries on [0.0, 1.0), periodic, argument scale 6.283185307179586, midpoint sampling.
// Argument ap_fixed<28,2,AP_TRN,AP_WRAP,0>, entries ap_fixed<10,4,AP_RND,AP_WRAP,0>; distributed (LUT) ROM, combinational read.
`timescale 1ns / 1ps
`default_nettype none
module tabled_rom1 (
    input wire [3:0] addr,
    output wire signed [9:0] dout
);
    (* rom_style = "logic" *)
    reg [9:0] rom [0:15];
    initial begin
        rom[0] = 10'hc;
        rom[1] = 10'h1e;
        rom[2] = 10'h1e;
        rom[3] = 10'hc;
        rom[4] = 10'h3f4;
        rom[5] = 10'h3e2;
        rom[6] = 10'h3e2;
        rom[7] = 10'h3f4;
        rom[8] = 10'hc;
        rom[9] = 10'h1e;
        rom[10] = 10'h1e;
        rom[11] = 10'hc;
        rom[12] = 10'h3f4;
        rom[13] = 10'h3e2;
        rom[14] = 10'h3e2;
        rom[15] = 10'h3f4;
    end
    assign dout = $signed(rom[addr]);
endmodule

`default_nettype wire
